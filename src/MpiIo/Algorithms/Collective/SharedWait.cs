using System.Runtime.InteropServices;

namespace MpiIo.Algorithms.Collective;

/// <summary>
/// Waiting on a word in memory shared between processes (an MPI-3 shared window), without burning the core
/// that the rank being waited for may need: a short spin, then the Linux <c>futex</c> system call on a
/// sequence word that every store bumps, so the waiter sleeps in the kernel and the storer wakes it at once.
/// </summary>
/// <remarks>
/// A waitable cell is 16 bytes: <c>long value</c>, <c>int sequence</c>, <c>int waiters</c>. The writer stores
/// the value, bumps the sequence, and makes the system call only when someone sleeps. The waiter counts
/// itself in before it reads the sequence and the value, so a store either is seen by that read or finds the
/// waiter counted and wakes it; a store between the read and the sleep changes the sequence, and the kernel
/// then returns at once. The futex is a shared one (no <c>FUTEX_PRIVATE_FLAG</c>): the word is mapped by
/// several processes. Elsewhere than Linux the sleep is replaced by yielding.
/// </remarks>
internal static unsafe partial class SharedWait
{
    /// <summary>Bytes of one waitable cell.</summary>
    public const int CellBytes = 16;

    private const int FutexWait = 0, FutexWake = 1;
    private static readonly long s_futexSyscall = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,
        Architecture.Arm64 => 98,
        _ => -1,
    };
    private static readonly bool s_futex = OperatingSystem.IsLinux() && s_futexSyscall > 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number, int* address, int operation, int value, Timespec* timeout, nint address2, int value3);

    /// <summary>The value of the cell at <paramref name="cell"/>.</summary>
    public static long Read(byte* cell) => Volatile.Read(ref *(long*)cell);

    /// <summary>Stores <paramref name="value"/> and wakes the cell's sleepers.</summary>
    public static void Store(byte* cell, long value)
    {
        Interlocked.Exchange(ref *(long*)cell, value);
        Wake(cell);
    }

    /// <summary>Adds one to the cell's value and wakes its sleepers; returns the new value.</summary>
    public static long Increment(byte* cell)
    {
        long v = Interlocked.Increment(ref *(long*)cell);
        Wake(cell);
        return v;
    }

    private static void Wake(byte* cell)
    {
        Interlocked.Increment(ref *(int*)(cell + 8));
        if (s_futex && Volatile.Read(ref *(int*)(cell + 12)) > 0)
            Syscall(s_futexSyscall, (int*)(cell + 8), FutexWake, int.MaxValue, null, 0, 0);
    }

    /// <summary>
    /// Waits until the cell's value equals <paramref name="target"/> (or, with <paramref name="atLeast"/>, reaches it).
    /// <paramref name="poll"/>, when given, runs about every <paramref name="pollMicroseconds"/> µs while sleeping
    /// (MPI progress for other messages).
    /// </summary>
    public static void Until(byte* cell, long target, bool atLeast, Action? poll = null, int pollMicroseconds = 200)
    {
        if (Reached(cell, target, atLeast)) return;
        // A few spins catch a partner that is running on the other core right now.
        var spin = new SpinWait();
        for (int i = 0; i < 12; i++)
        {
            spin.SpinOnce(sleep1Threshold: -1);
            if (Reached(cell, target, atLeast)) return;
        }
        int* sequence = (int*)(cell + 8), waiters = (int*)(cell + 12);
        while (true)
        {
            poll?.Invoke();
            Interlocked.Increment(ref *waiters);
            int seen = Volatile.Read(ref *sequence);
            if (Reached(cell, target, atLeast))
            {
                Interlocked.Decrement(ref *waiters);
                return;
            }
            if (s_futex)
            {
                // Without anything to poll, the timeout only bounds the wait of a missed wake-up (none is expected).
                long ns = poll != null ? pollMicroseconds * 1000L : 50_000_000L;
                var timeout = new Timespec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
                Syscall(s_futexSyscall, sequence, FutexWait, seen, &timeout, 0, 0);
            }
            else
            {
                Thread.Yield();
            }
            Interlocked.Decrement(ref *waiters);
            if (Reached(cell, target, atLeast)) return;
        }
    }

    private static bool Reached(byte* cell, long target, bool atLeast)
    {
        long v = Volatile.Read(ref *(long*)cell);
        return atLeast ? v >= target : v == target;
    }
}
