using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

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
    /// <paramref name="poll"/>, when given, runs about every <paramref name="pollMicroseconds"/> µs while waiting
    /// (MPI progress for other messages). While a core is idle (<see cref="IdleCore"/>) the wait first spins for up
    /// to <see cref="SpinMicroseconds"/> µs: on this VM a futex wake-up of a sleeping rank takes about 0.5 ms (the
    /// idle virtual CPU halts and the host must run it again), against under 20 µs for a spinning one, which is a
    /// few percent of a 64 MiB collective read when its two ranks' reads end a little apart.
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
        if (IdleCore() && SpinWhileIdle(cell, target, atLeast, poll, pollMicroseconds)) return;
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

    /// <summary>How long a wait spins before it sleeps when a core is idle: longer than a wake-up costs, short
    /// enough that a rank waiting for a long aggregator write soon stops heating a core.</summary>
    public const int SpinMicroseconds = 2000;

    // Spins until the cell is reached (true) or the budget is spent (false), polling as the sleep would.
    private static bool SpinWhileIdle(byte* cell, long target, bool atLeast, Action? poll, int pollMicroseconds)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        long perMicrosecond = System.Diagnostics.Stopwatch.Frequency / 1_000_000;
        long end = start + SpinMicroseconds * perMicrosecond;
        long nextPoll = start + pollMicroseconds * perMicrosecond;
        while (true)
        {
            for (int i = 0; i < 32; i++)
            {
                if (Reached(cell, target, atLeast)) return true;
                Thread.SpinWait(4);
            }
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            if (now >= end) return false;
            if (poll != null && now >= nextPoll)
            {
                poll();
                nextPoll = now + pollMicroseconds * perMicrosecond;
            }
        }
    }

    private static readonly SafeFileHandle? s_loadavg = OpenLoadavg();
    private static readonly int s_hostRanks = int.TryParse(Environment.GetEnvironmentVariable("MPI_LOCALNRANKS"), out int n) ? n : 0;

    /// <summary>
    /// Whether spinning takes no core from anyone: this host's ranks (hydra's MPI_LOCALNRANKS) fit its cores, and
    /// right now no more tasks are runnable than there are cores (the fourth field of /proc/loadavg counts the
    /// runnable tasks at this instant, this one included). I/O servers or other programs on the host make it false.
    /// </summary>
    internal static bool IdleCore()
    {
        int cores = Environment.ProcessorCount;
        if (s_hostRanks > cores) return false;
        int running = RunnableTasks();
        return running > 0 && running <= cores;
    }

    /// <summary>The number of runnable tasks now (from /proc/loadavg), or 0 when it cannot be read.</summary>
    internal static int RunnableTasks()
    {
        if (s_loadavg is null) return 0;
        try
        {
            Span<byte> text = stackalloc byte[128];
            int length = RandomAccess.Read(s_loadavg, text, 0);
            return ParseRunnable(text[..length]);
        }
        catch (IOException) { return 0; }
    }

    private static SafeFileHandle? OpenLoadavg()
    {
        try { return File.OpenHandle("/proc/loadavg", System.IO.FileMode.Open, FileAccess.Read); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The runnable count of a /proc/loadavg line ("0.50 0.40 0.30 2/83 1234" gives 2), or 0.</summary>
    internal static int ParseRunnable(ReadOnlySpan<byte> line)
    {
        int field = 0, value = 0;
        bool digits = false;
        foreach (byte b in line)
        {
            if (b == (byte)' ') { field++; continue; }
            if (field < 3) continue;
            if (field > 3 || b == (byte)'/') return digits ? value : 0;
            if (b < (byte)'0' || b > (byte)'9') return 0;
            value = value * 10 + (b - '0');
            digits = true;
        }
        return 0;
    }

    private static bool Reached(byte* cell, long target, bool atLeast)
    {
        long v = Volatile.Read(ref *(long*)cell);
        return atLeast ? v >= target : v == target;
    }
}
