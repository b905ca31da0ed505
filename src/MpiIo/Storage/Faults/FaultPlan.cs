using MpiIo.Mpi;

namespace MpiIo.Storage.Faults;

/// <summary>
/// Which operations of a <see cref="FaultInjectingFile"/> fail, and counters of what was called, shared by
/// every file of a <see cref="FaultInjectingDriver"/>. Counts are 1-based and count calls through all
/// files sharing the plan; list calls count once per contiguous piece (they run as piecewise calls).
/// Thread-safe.
/// </summary>
public sealed class FaultPlan
{
    private readonly object _gate = new();
    private Fault _read, _write, _flush;
    private long _reads, _writes, _flushes, _locks, _exclusiveLocks, _unlockedWrites;

    /// <summary>Makes the <paramref name="nth"/> read (counting from now, 1 = the next) fail with <paramref name="errorClass"/>.</summary>
    /// <returns>This plan.</returns>
    public FaultPlan FailRead(int nth, ErrorClass errorClass)
    {
        lock (_gate)
            _read = new Fault(Check(nth) + _reads, errorClass, 0);
        return this;
    }

    /// <summary>
    /// Makes the <paramref name="nth"/> write fail with <paramref name="errorClass"/> after writing its first
    /// <paramref name="bytesWritten"/> bytes (0 = nothing), as a full disk does mid-write.
    /// </summary>
    /// <returns>This plan.</returns>
    public FaultPlan FailWrite(int nth, ErrorClass errorClass, int bytesWritten = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesWritten);
        lock (_gate)
            _write = new Fault(Check(nth) + _writes, errorClass, bytesWritten);
        return this;
    }

    /// <summary>Makes the <paramref name="nth"/> flush fail with <paramref name="errorClass"/>.</summary>
    /// <returns>This plan.</returns>
    public FaultPlan FailFlush(int nth, ErrorClass errorClass)
    {
        lock (_gate)
            _flush = new Fault(Check(nth) + _flushes, errorClass, 0);
        return this;
    }

    /// <summary>Read calls so far (ReadAt, and one per piece of a list read).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Write calls so far (WriteAt, and one per piece of a list write).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Flush calls so far.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Lock calls so far, shared and exclusive.</summary>
    public long Locks => Interlocked.Read(ref _locks);

    /// <summary>Exclusive lock calls so far.</summary>
    public long ExclusiveLocks => Interlocked.Read(ref _exclusiveLocks);

    /// <summary>Writes whose range was not inside an exclusive lock held through the same file at the time.</summary>
    public long UnlockedWrites => Interlocked.Read(ref _unlockedWrites);

    internal void OnRead() => Trip(ref _reads, ref _read, out _);

    /// <summary>Counts a write; when it is the failing one, returns the bytes to write before failing.</summary>
    internal bool OnWrite(out Fault fault) => Trip(ref _writes, ref _write, out fault);

    internal void OnFlush() => Trip(ref _flushes, ref _flush, out _);

    internal void OnLock(bool exclusive)
    {
        Interlocked.Increment(ref _locks);
        if (exclusive)
            Interlocked.Increment(ref _exclusiveLocks);
    }

    internal void OnUnlockedWrite() => Interlocked.Increment(ref _unlockedWrites);

    // Returns true for the failing call of a write (the caller writes part, then throws); throws for the others.
    private bool Trip(ref long counter, ref Fault fault, out Fault tripped)
    {
        lock (_gate)
        {
            long n = ++counter;
            tripped = fault;
            if (fault.At != n)
                return false;
            fault = default;
        }
        if (tripped.BytesWritten > 0)
            return true;
        throw Raise(tripped);
    }

    internal static StorageException Raise(Fault fault)
        => new(fault.ErrorClass, $"injected fault: {fault.ErrorClass}.");

    private static int Check(int nth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        return nth;
    }

    /// <summary>A planned failure at call number <see cref="At"/> (0 = none).</summary>
    internal readonly record struct Fault(long At, ErrorClass ErrorClass, int BytesWritten);
}
