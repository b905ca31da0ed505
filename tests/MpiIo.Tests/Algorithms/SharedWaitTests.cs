using System.Runtime.InteropServices;
using MpiIo.Algorithms.Collective;

namespace MpiIo.Tests.Algorithms;

/// <summary>The shared-memory wait of the node exchange, between threads of one process (the futex is not private, so
/// the same code serves processes sharing a window).</summary>
public sealed unsafe class SharedWaitTests
{
    [Test]
    public void Until_StoreFromAnotherThreadAfterSleep_Returns()
    {
        byte* cell = (byte*)NativeMemory.AllocZeroed(SharedWait.CellBytes);
        try
        {
            nint at = (nint)cell;
            // The waiter is asleep in the kernel long before the store: only the wake-up can end its wait.
            var waiter = Task.Run(() => SharedWait.Until((byte*)at, 7, atLeast: false));
            Thread.Sleep(50);
            Assert.That(waiter.IsCompleted, Is.False, "no store yet");
            SharedWait.Store(cell, 7);
            Assert.That(waiter.Wait(TimeSpan.FromSeconds(10)), Is.True, "woken by the store");
        }
        finally
        {
            NativeMemory.Free(cell);
        }
    }

    [Test]
    public void Until_AtLeast_ReturnsWhenCountReached()
    {
        byte* cell = (byte*)NativeMemory.AllocZeroed(SharedWait.CellBytes);
        try
        {
            nint at = (nint)cell;
            var waiter = Task.Run(() => SharedWait.Until((byte*)at, 3, atLeast: true));
            SharedWait.Increment(cell);
            SharedWait.Increment(cell);
            Thread.Sleep(20);
            Assert.That(waiter.IsCompleted, Is.False, "two of three arrivals");
            Assert.That(SharedWait.Increment(cell), Is.EqualTo(3));
            Assert.That(waiter.Wait(TimeSpan.FromSeconds(10)), Is.True, "third arrival wakes the waiter");
            Assert.That(SharedWait.Read(cell), Is.EqualTo(3));
        }
        finally
        {
            NativeMemory.Free(cell);
        }
    }

    [Test]
    public void Until_ManyHandOffs_NoWakeUpLost()
    {
        // Ping-pong between two threads: each waits for the other's store; a lost wake-up would stall a turn
        // until the 50 ms safety timeout, a lost store would hang (bounded here by the task wait).
        byte* cells = (byte*)NativeMemory.AllocZeroed(2 * SharedWait.CellBytes);
        try
        {
            nint a = (nint)cells, b = (nint)(cells + SharedWait.CellBytes);
            const int turns = 2000;
            var other = Task.Run(() =>
            {
                for (long i = 1; i <= turns; i++)
                {
                    SharedWait.Until((byte*)a, i, atLeast: false);
                    SharedWait.Store((byte*)b, i);
                }
            });
            for (long i = 1; i <= turns; i++)
            {
                SharedWait.Store((byte*)a, i);
                SharedWait.Until((byte*)b, i, atLeast: false);
            }
            Assert.That(other.Wait(TimeSpan.FromSeconds(60)), Is.True);
            Assert.That(SharedWait.Read((byte*)b), Is.EqualTo(turns));
        }
        finally
        {
            NativeMemory.Free(cells);
        }
    }
    [TestCase("0.50 0.40 0.30 2/83 1234\n", 2)]
    [TestCase("12.01 3.58 3.99 17/103 26214\n", 17)]
    [TestCase("0.50 0.40 0.30 x/83 1234\n", 0)]
    [TestCase("0.50 0.40\n", 0)]
    [TestCase("", 0)]
    public void ParseRunnable_LoadavgLine_RunnableCountOrZero(string line, int expected)
    {
        Assert.That(SharedWait.ParseRunnable(System.Text.Encoding.ASCII.GetBytes(line)), Is.EqualTo(expected));
    }

    [Test]
    public void RunnableTasks_ThisMachine_CountsAtLeastTheCaller()
    {
        if (!File.Exists("/proc/loadavg"))
            Assert.Ignore("no /proc/loadavg on this machine");
        // The caller is running while it reads the count, so it is at least one.
        Assert.That(SharedWait.RunnableTasks(), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Until_StoreWhileSpinning_Returns()
    {
        byte* cell = (byte*)NativeMemory.AllocZeroed(SharedWait.CellBytes);
        try
        {
            nint at = (nint)cell;
            // Stored within the spin budget or after it: either way the waiter must see it, polling as it waits.
            int polls = 0;
            var waiter = Task.Run(() => SharedWait.Until((byte*)at, 3, atLeast: true, () => Interlocked.Increment(ref polls), 100));
            Thread.Sleep(1);
            SharedWait.Increment(cell);
            SharedWait.Increment(cell);
            SharedWait.Increment(cell);
            Assert.That(waiter.Wait(TimeSpan.FromSeconds(10)), Is.True, "woken or seen by the spin");
        }
        finally
        {
            NativeMemory.Free(cell);
        }
    }
}
