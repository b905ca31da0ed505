using MpiIo.Mpi;

namespace MpiIo.Storage.Faults;

/// <summary>
/// A file wrapper for tests: fails the calls its <see cref="FaultPlan"/> names and counts reads, writes,
/// flushes and locks, including writes made outside an exclusive lock taken through this wrapper (to
/// check that read-modify-write is never done unlocked). List I/O runs as per-piece calls through the
/// wrapper so each piece can fail.
/// </summary>
public sealed class FaultInjectingFile : IStorageFile, IRangeLockOwner
{
    private readonly IStorageFile _inner;
    private readonly List<(RangeLock Token, long Start, long End, bool Exclusive)> _held = [];

    /// <summary>Wraps <paramref name="inner"/>, which this wrapper then owns.</summary>
    public FaultInjectingFile(IStorageFile inner, FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(plan);
        _inner = inner;
        Plan = plan;
    }

    /// <summary>The failures to inject and the call counters.</summary>
    public FaultPlan Plan { get; }

    /// <inheritdoc/>
    public DriverFeatures Features => _inner.Features & ~DriverFeatures.ListIO;

    /// <inheritdoc/>
    public string Path => _inner.Path;

    /// <inheritdoc/>
    public StripingLayout? Striping => _inner.Striping;

    /// <inheritdoc/>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        Plan.OnRead();
        return _inner.ReadAt(offset, buffer);
    }

    /// <inheritdoc/>
    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        if (!IsExclusivelyLocked(offset, offset + data.Length))
            Plan.OnUnlockedWrite();
        if (Plan.OnWrite(out FaultPlan.Fault fault))
        {
            _inner.WriteAt(offset, data[..Math.Min(fault.BytesWritten, data.Length)]);
            throw FaultPlan.Raise(fault);
        }
        _inner.WriteAt(offset, data);
    }

    /// <inheritdoc/>
    public long ReadList(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer) => this.ReadListByBlocks(blocks, buffer);

    /// <inheritdoc/>
    public void WriteList(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data) => this.WriteListByBlocks(blocks, data);

    /// <inheritdoc/>
    public void Flush()
    {
        Plan.OnFlush();
        _inner.Flush();
    }

    /// <inheritdoc/>
    public void SetSize(long size) => _inner.SetSize(size);

    /// <inheritdoc/>
    public void Preallocate(long size) => _inner.Preallocate(size);

    /// <inheritdoc/>
    public long GetSize() => _inner.GetSize();

    /// <inheritdoc/>
    public RangeLock Lock(long offset, long length, bool exclusive)
    {
        Plan.OnLock(exclusive);
        RangeLock token = _inner.Lock(offset, length, exclusive);
        lock (_held)
            _held.Add((token, offset, RangeLockTable.EndOf(offset, length), exclusive));
        return new RangeLock(this, offset, length);
    }

    void IRangeLockOwner.Unlock(long offset, long length)
    {
        long end = RangeLockTable.EndOf(offset, length);
        RangeLock token = default;
        lock (_held)
        {
            int i = _held.FindIndex(h => h.Start == offset && h.End == end);
            if (i < 0)
                return;
            token = _held[i].Token;
            _held.RemoveAt(i);
        }
        token.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();

    private bool IsExclusivelyLocked(long start, long end)
    {
        lock (_held)
        {
            foreach (var h in _held)
            {
                if (h.Exclusive && h.Start <= start && end <= h.End)
                    return true;
            }
            return false;
        }
    }
}
