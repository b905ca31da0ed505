namespace MpiIo.Windows;

/// <summary>How a <see cref="FileWindow"/> fills its node copy.</summary>
public enum WindowFill
{
    /// <summary>The whole range is read when the window is mapped, split over the ranks of each node.</summary>
    Eager,
    /// <summary>
    /// Nothing is read at map time; a page is read the first time a rank of the node touches it
    /// (<see cref="FileWindow.Touch"/>, <see cref="FileWindow.GetSpan(long, int)"/>, <see cref="FileWindow.Read"/>,
    /// <see cref="FileWindow.BeginWrite"/>), so a node reads only what it uses.
    /// </summary>
    Lazy,
}

/// <summary>How a writable <see cref="FileWindow"/> writes changed pages back.</summary>
public enum WriterMode
{
    /// <summary>Several nodes may change different bytes of one page: changed pages keep a twin and only changed bytes are written back.</summary>
    Multiple,
    /// <summary>
    /// The application promises that between synchronisations at most one node changes any page: changed
    /// pages are written back whole, without twins or diffs (pvshm's default).
    /// </summary>
    Single,
}

/// <summary>The options of <see cref="FileWindow.Map"/>; every rank passes the same values.</summary>
public sealed record FileWindowOptions
{
    /// <summary>The default page size (4 KiB).</summary>
    public const int DefaultPageSize = 4096;

    /// <summary>The unit of tracking, write-back and refresh: a power of two from 512 bytes to 1 GiB.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Maps the range read-only: no write tracking, no write-back, no write notices.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>When the node copy is read from the file.</summary>
    public WindowFill Fill { get; init; } = WindowFill.Eager;

    /// <summary>How changed pages are written back (writable windows).</summary>
    public WriterMode WriterMode { get; init; } = WriterMode.Multiple;

    /// <summary>Bytes of changed runs staged per list write at release (default 16 MiB).</summary>
    public int StagingBytes { get; init; } = 16 << 20;

    /// <summary>
    /// Multiple-writer releases write changed runs closer than this many unchanged bytes as one extent,
    /// its unchanged bytes re-read from the file under an exclusive byte-range lock (ROMIO's data-sieving
    /// write applied to diffs). 0 (the default) writes exactly the changed bytes. Needs a driver with
    /// <see cref="Storage.DriverFeatures.Locks"/>; pays off on drivers without native list I/O, where
    /// every run is a separate write.
    /// </summary>
    public int SieveGap { get; init; }

    /// <summary>
    /// At <see cref="FileWindow.Free"/> the node keeps the window's shared segment for the next map of this
    /// process on the same node ranks (which then skips allocating and faulting in new shared pages) when the
    /// segment holds at most this many bytes; 0 frees it at once. A process keeps one segment at most (the
    /// larger, when two of one node compete), until a map takes it, <see cref="FileWindow.ReleaseCachedMemory"/>
    /// or <c>MPI_Finalize</c>. Default: <see cref="DefaultMaxCachedBytes"/>. Ranks may differ: the node agrees
    /// at free, and keeps the segment only when all its ranks allow it.
    /// </summary>
    public long MaxCachedBytes { get; init; } = DefaultMaxCachedBytes;

    /// <summary>
    /// The default of <see cref="MaxCachedBytes"/>: a quarter of the memory this process may use (physical
    /// memory, or a container's limit, as the .NET runtime sees it). A kept segment is memory the window
    /// already held, so keeping it does not raise a program's peak when windows are mapped one after another;
    /// the bound stops one idle segment from holding more shared memory (which the kernel cannot reclaim
    /// without swap) than leaves room for the page cache and the rest of the node.
    /// </summary>
    public static long DefaultMaxCachedBytes { get; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;

    /// <summary>The options of a read-only, eagerly filled window.</summary>
    public static FileWindowOptions ReadOnlyEager { get; } = new() { ReadOnly = true };
}
