namespace MpiIo.Windows;

/// <summary>
/// Where things live in a node's shared segment, and the page arithmetic of a window. Pages count from
/// the start of the mapped range, not from the start of the file, so a range need not be page-aligned.
/// </summary>
/// <remarks>
/// Segment: the data (the mapped range, first so it inherits the segment's alignment), then one state
/// word per page, node-wide counters, and for writable windows the write-notice versions this node has
/// seen and a landing area for the versions fetched at acquire.
/// </remarks>
internal readonly struct WindowLayout
{
    /// <summary>Counters kept in the segment (longs).</summary>
    public const int CounterCount = 8;

    public WindowLayout(long length, int pageSize, bool writable)
    {
        Length = length;
        PageSize = pageSize;
        long pages = (length + pageSize - 1) / pageSize;
        if (pages > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(length), length, $"{pages} pages of {pageSize} bytes are more than a window can index.");
        PageCount = (int)pages;
        StatesOffset = Align(length, 64);
        CountersOffset = Align(StatesOffset + 4L * PageCount, 64);
        long next = CountersOffset + 8L * CounterCount;
        if (writable)
        {
            SeenOffset = next;
            IncomingOffset = SeenOffset + 8L * PageCount;
            next = IncomingOffset + 8L * PageCount;
        }
        else
        {
            SeenOffset = IncomingOffset = -1;
        }
        TotalBytes = next;
        // MPICH (ch4, 4.0) tries a "symmetric heap" for a shared window whose per-rank sizes are all whole
        // pages: it probes candidate addresses with one msync per page of the segment, ~0.65 s per GiB on
        // the test machine, before mapping it. A size that is not a whole number of pages skips that.
        long page = Environment.SystemPageSize;
        SegmentBytes = next % page == 0 ? next + 64 : next;
    }

    public long Length { get; }
    public int PageSize { get; }
    public int PageCount { get; }
    public long StatesOffset { get; }
    public long CountersOffset { get; }
    public long SeenOffset { get; }
    public long IncomingOffset { get; }
    public long TotalBytes { get; }

    /// <summary>The bytes the node's leader allocates: <see cref="TotalBytes"/>, never a whole number of system pages.</summary>
    public long SegmentBytes { get; }

    /// <summary>The window offset of page <paramref name="page"/>.</summary>
    public long PageStart(int page) => (long)page * PageSize;

    /// <summary>The bytes of page <paramref name="page"/> (the last page may be short).</summary>
    public int PageLength(int page) => (int)Math.Min(PageSize, Length - PageStart(page));

    /// <summary>The pages overlapping [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>); empty for length 0.</summary>
    public (int First, int End) Pages(long offset, long length) =>
        length == 0 ? (0, 0) : ((int)(offset / PageSize), (int)((offset + length - 1) / PageSize) + 1);

    /// <summary>Rank <paramref name="rank"/>'s share of pages [<paramref name="first"/>, <paramref name="end"/>) split into <paramref name="ranks"/> contiguous parts.</summary>
    public static (int First, int End) Share(int first, int end, int rank, int ranks)
    {
        long n = end - first;
        return ((int)(first + n * rank / ranks), (int)(first + n * (rank + 1) / ranks));
    }

    private static long Align(long value, long unit) => (value + unit - 1) / unit * unit;
}
