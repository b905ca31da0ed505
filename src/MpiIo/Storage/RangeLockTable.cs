namespace MpiIo.Storage;

/// <summary>
/// An in-process byte-range lock table with waiting: shared ranges may overlap each other, an exclusive
/// range overlaps nothing. Drivers use it to make threads of one process exclude each other (the memory
/// driver for everything; the local driver in front of OS locks, which do not separate threads sharing
/// one open file description).
/// </summary>
/// <remarks>
/// Not reentrant: a thread asking for a range that conflicts with a range it holds itself waits forever,
/// as with POSIX locks between two descriptors. Waiters are not queued fairly; a stream of overlapping
/// shared holders can delay an exclusive request. A length of 0 means from the offset to infinity, as in
/// <see cref="IStorageFile.Lock"/>.
/// </remarks>
public sealed class RangeLockTable
{
    private readonly List<Holder> _holders = [];

    /// <summary>Takes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>), waiting while a conflicting range is held.</summary>
    public void Acquire(long offset, long length, bool exclusive)
    {
        long end = EndOf(offset, length);
        lock (_holders)
        {
            while (Conflicts(offset, end, exclusive))
                Monitor.Wait(_holders);
            _holders.Add(new Holder(offset, end, exclusive));
        }
    }

    /// <summary>Takes the range if no conflicting range is held.</summary>
    /// <returns>Whether the range was taken.</returns>
    public bool TryAcquire(long offset, long length, bool exclusive)
    {
        long end = EndOf(offset, length);
        lock (_holders)
        {
            if (Conflicts(offset, end, exclusive))
                return false;
            _holders.Add(new Holder(offset, end, exclusive));
            return true;
        }
    }

    /// <summary>Releases one holding of exactly this range and wakes waiters.</summary>
    /// <returns>False when no such range was held (e.g. a second release of the same token).</returns>
    public bool Release(long offset, long length) => Release(offset, length, null);

    /// <summary>The number of ranges held now.</summary>
    public int HeldCount
    {
        get
        {
            lock (_holders)
                return _holders.Count;
        }
    }

    /// <summary>
    /// Releases the range and, still under the table's lock, reports to <paramref name="sink"/> the parts of it
    /// that no remaining holder covers: the parts whose OS lock may now be dropped. Doing it under the lock
    /// keeps a new holder from taking its OS lock between our computation and our OS unlock.
    /// </summary>
    internal bool Release(long offset, long length, IUncoveredRangeSink? sink)
    {
        long end = EndOf(offset, length);
        lock (_holders)
        {
            int found = -1;
            for (int i = 0; i < _holders.Count; i++)
            {
                if (_holders[i].Start == offset && _holders[i].End == end)
                {
                    found = i;
                    break;
                }
            }
            if (found < 0)
                return false;
            _holders[found] = _holders[^1];
            _holders.RemoveAt(_holders.Count - 1);
            if (sink is not null)
                ReportUncovered(offset, end, sink);
            Monitor.PulseAll(_holders);
            return true;
        }
    }

    private void ReportUncovered(long start, long end, IUncoveredRangeSink sink)
    {
        long cursor = start;
        while (cursor < end)
        {
            long coveredTo = cursor;
            long nextStart = end;
            foreach (Holder h in _holders)
            {
                if (h.Start <= cursor && h.End > cursor)
                    coveredTo = Math.Max(coveredTo, h.End);
                else if (h.Start > cursor && h.Start < nextStart)
                    nextStart = h.Start;
            }
            if (coveredTo > cursor)
            {
                cursor = coveredTo;
                continue;
            }
            sink.ReleaseUncovered(cursor, nextStart);
            cursor = nextStart;
        }
    }

    private bool Conflicts(long start, long end, bool exclusive)
    {
        foreach (Holder h in _holders)
        {
            if (h.Start < end && start < h.End && (exclusive || h.Exclusive))
                return true;
        }
        return false;
    }

    /// <summary>The end of a lock range; <see cref="long.MaxValue"/> stands for "to infinity".</summary>
    internal static long EndOf(long offset, long length)
    {
        FileBlocks.CheckRange(offset, length, nameof(offset));
        return length == 0 ? long.MaxValue : offset + length;
    }

    private readonly record struct Holder(long Start, long End, bool Exclusive);
}

/// <summary>Receives the parts of a released range that no other holder covers.</summary>
internal interface IUncoveredRangeSink
{
    /// <summary>[<paramref name="start"/>, <paramref name="end"/>) is no longer held by anyone in this table; <paramref name="end"/> may be <see cref="long.MaxValue"/> (infinity).</summary>
    void ReleaseUncovered(long start, long end);
}
