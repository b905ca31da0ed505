using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MpiIo.Algorithms;
using MpiIo.Errors;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Storage;

namespace MpiIo.Windows;

/// <summary>
/// A byte range of an open <see cref="MpiFile"/> mapped into memory that the ranks of each node share
/// (an MPI-3 shared-memory window over the node communicator): a node holds one copy, every rank
/// loads and stores it directly. Between nodes the copies are kept consistent lazily, as in TreadMarks'
/// lazy release consistency: <see cref="Release"/> writes back the bytes a node changed, and
/// <see cref="Acquire"/> re-reads the pages other nodes released since.
/// </summary>
/// <remarks>
/// <para>Collective scopes: <see cref="Map"/>, <see cref="Fence"/> and <see cref="Free"/> are collective over
/// the file's communicator; <see cref="Release"/>, <see cref="Acquire"/>, <see cref="Flush"/>,
/// <see cref="Invalidate"/> and <see cref="SetWriterMode"/> over the ranks of one node (the node's copy is
/// one object); <see cref="Touch"/>, <see cref="BeginWrite"/> and the accessors are local.</para>
/// <para>Changes must be announced with <see cref="BeginWrite"/> (or made through <see cref="Write"/> or
/// <see cref="GetWritableSpan"/>) before the bytes are stored; untracked stores are never written back.
/// Free windows before closing the file. An instance is used by one thread per rank at a time.</para>
/// </remarks>
public sealed unsafe partial class FileWindow : IDisposable
{
    private const int CounterBytesRead = 0, CounterBytesWritten = 1, CounterBlocksWritten = 2, CounterPagesRefreshed = 3, CounterReleases = 4;
    private const int ReadChunk = 64 << 20;

    /// <summary>The size of the chunks <see cref="GetChunk"/> hands out (1 GiB, a whole number of pages).</summary>
    public const int ChunkBytes = 1 << 30;

    private readonly MpiFile _file;
    private readonly IStorageFile _storage;
    private readonly WindowLayout _layout;
    private Communicator? _comm;   // a duplicate of the file's communicator: the window's collectives never meet the user's
    private Communicator? _node;   // the segment's duplicate of the file's node communicator
    private NodeSegment? _segment; // the node copy's shared memory, new or reused from an earlier window
    private Window? _versions;     // write notices: one counter per page on rank 0 of the file's communicator
    private readonly byte* _base;
    private readonly long _maxCachedBytes;
    private readonly TwinSet _tracked;
    private readonly DiffWriter _writer;
    private NativeMemoryManager? _memory;

    private FileWindow(MpiFile file, IStorageFile storage, long offset, WindowLayout layout, FileWindowOptions options,
        Communicator comm, NodeSegment segment, bool reused)
    {
        _file = file;
        _storage = storage;
        FileOffset = offset;
        _layout = layout;
        IsReadOnly = options.ReadOnly;
        Fill = options.Fill;
        WriterMode = options.WriterMode;
        _maxCachedBytes = options.MaxCachedBytes;
        IsMemoryReused = reused;
        _comm = comm;
        _node = segment.Node;
        _segment = segment;
        _base = segment.Base;
        _tracked = new TwinSet(layout.PageSize);
        _writer = new DiffWriter(options.StagingBytes, options.SieveGap);
    }

    /// <summary>The file the window maps.</summary>
    public MpiFile File => _file;

    /// <summary>The file offset of the window's first byte.</summary>
    public long FileOffset { get; }

    /// <summary>The mapped bytes.</summary>
    public long Length => _layout.Length;

    /// <summary>The page size: the unit of tracking, write-back and refresh.</summary>
    public int PageSize => _layout.PageSize;

    /// <summary>The number of pages (the last may be short).</summary>
    public int PageCount => _layout.PageCount;

    /// <summary>Whether the window was mapped read-only.</summary>
    public bool IsReadOnly { get; }

    /// <summary>When the node copy is read.</summary>
    public WindowFill Fill { get; }

    /// <summary>How changed pages are written back; see <see cref="SetWriterMode"/>.</summary>
    public WriterMode WriterMode { get; private set; }

    /// <summary>Whether <see cref="Free"/> was called.</summary>
    public bool IsFreed => _segment == null;

    /// <summary>
    /// Whether the node copy lives in a segment an earlier window of this process left for reuse (see
    /// <see cref="FileWindowOptions.MaxCachedBytes"/>) rather than in new shared memory. The same on every rank.
    /// </summary>
    public bool IsMemoryReused { get; }

    /// <summary>The ranks sharing this window's node copy (a duplicate of the file's node communicator; for reused memory, the one made when the segment was allocated).</summary>
    public Communicator NodeCommunicator => _node ?? throw Freed();

    /// <summary>
    /// The bytes of shared memory this rank allocated for the window (<c>MPI_Win_shared_query</c> size of
    /// this rank): the node's leader holds the data and page tables, the other ranks nothing. A reused
    /// segment (<see cref="IsMemoryReused"/>) may be larger than this window needs.
    /// </summary>
    public long SegmentBytes => Shared.LocalSize;

    /// <summary>The node-wide counters.</summary>
    public FileWindowStatistics Statistics
    {
        get
        {
            _ = Shared;
            return new(Counter(CounterBytesRead), Counter(CounterBytesWritten), Counter(CounterBlocksWritten), Counter(CounterPagesRefreshed), Counter(CounterReleases));
        }
    }

    private Window Shared => _segment?.Window ?? throw Freed();

    private static MpiException Freed() => new(ErrorClass.Win, "The file window was freed.");

    /// <summary>
    /// Maps [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) of
    /// <paramref name="file"/> (collective over the file's communicator; every rank passes the same
    /// arguments). Each node allocates one copy (<c>MPI_Win_allocate_shared</c> over the node: the node's
    /// first rank allocates, the others attach through <c>MPI_Win_shared_query</c>), or reuses the segment a
    /// freed window left (<see cref="FileWindowOptions.MaxCachedBytes"/>) when every rank of the file holds one
    /// large enough for its node's ranks; with <see cref="WindowFill.Eager"/> the node's ranks each read a
    /// contiguous share of the range into it.
    /// </summary>
    /// <param name="file">An open file; read-write for a writable window, not write-only.</param>
    /// <param name="offset">The file offset of the range (any byte; pages count from here).</param>
    /// <param name="length">The bytes to map (&gt; 0). Beyond the end of a writable file the bytes read as zero and write-back extends the file.</param>
    /// <param name="options">Page size, read-only, fill and writer mode; null for the defaults (writable, eager, multiple writers, 4 KiB pages).</param>
    /// <exception cref="MpiException">
    /// On every rank: <see cref="ErrorClass.Arg"/> for a negative offset, a nonpositive length, a bad page
    /// size or option (e.g. a negative <see cref="FileWindowOptions.MaxCachedBytes"/>) or a read-only range beyond the end of the file; <see cref="ErrorClass.ReadOnly"/> for a writable
    /// window on a read-only file; <see cref="ErrorClass.Access"/> on a write-only file; <see cref="ErrorClass.NotSame"/>
    /// when ranks pass different arguments; <see cref="ErrorClass.File"/> for a closed file.
    /// </exception>
    public static FileWindow Map(MpiFile file, long offset, long length, FileWindowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        options ??= new FileWindowOptions();
        Communicator user = file.Communicator;
        Exception? local = null;
        IStorageFile? storage = null;
        WindowLayout layout = default;
        NodeSegment? reserved = null;
        try
        {
            storage = file.Storage;
            CheckOptions(options);
            if (offset < 0) throw new MpiException(ErrorClass.Arg, $"offset must be nonnegative, got {offset}.");
            if (length <= 0) throw new MpiException(ErrorClass.Arg, $"length must be positive, got {length}.");
            if (offset > long.MaxValue - length) throw new MpiException(ErrorClass.Arg, $"offset {offset} + length {length} overflows.");
            if ((file.Amode & FileMode.WriteOnly) != 0)
                throw new MpiException(ErrorClass.Access, $"'{file.Filename}' was opened WriteOnly; a window must read it.");
            if (!options.ReadOnly && (file.Amode & FileMode.ReadOnly) != 0)
                throw new MpiException(ErrorClass.ReadOnly, $"'{file.Filename}' was opened ReadOnly; map it with ReadOnly = true.");
            if (options.ReadOnly)
            {
                long size = storage.GetSize();
                if (offset + length > size)
                    throw new MpiException(ErrorClass.Arg, $"offset {offset} + length {length} lies beyond the end ({size}) of the file, which a read-only window cannot extend.");
            }
            if (options.SieveGap > 0 && (storage.Features & DriverFeatures.Locks) == 0)
                throw new MpiException(ErrorClass.UnsupportedOperation, $"SieveGap needs byte-range locks, which '{file.Filename}' does not support.");
            layout = new WindowLayout(length, options.PageSize, !options.ReadOnly);
            reserved = NodeSegmentCache.Reserve(file.NodeCommunicator, layout.SegmentBytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        bool reuse = false;
        try
        {
            reuse = AgreeOnArguments(user, local, offset, length, options, reserved != null);
        }
        finally
        {
            if (reserved != null) NodeSegmentCache.EndReservation(take: reuse);
        }

        var comm = user.Dup();
        FileWindow window;
        if (reuse)
        {
            // Nothing here fails but memory, so the ranks need no agreement before the fill.
            window = new FileWindow(file, storage!, offset, layout, options, comm, reserved!, reused: true);
        }
        else
        {
            NodeSegment? segment = null;
            FileWindow? made = null;
            local = null;
            try
            {
                segment = NodeSegment.Allocate(file.NodeCommunicator, layout.SegmentBytes);
                made = new FileWindow(file, storage!, offset, layout, options, comm, segment, reused: false);
            }
            catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
            try
            {
                Agreement.Agree(comm, local, "FileWindow.Map");
            }
            catch
            {
                segment?.Dispose();
                comm.Dispose();
                throw;
            }
            window = made!;
        }
        try
        {
            window.Initialise();
        }
        catch
        {
            window.FreeResources();
            throw;
        }
        return window;
    }

    private static void CheckOptions(FileWindowOptions options)
    {
        int page = options.PageSize;
        if (page < 512 || page > 1 << 30 || (page & (page - 1)) != 0)
            throw new MpiException(ErrorClass.Arg, $"PageSize must be a power of two from 512 to 1 GiB, got {page}.");
        if (!Enum.IsDefined(options.Fill)) throw new MpiException(ErrorClass.Arg, $"Fill {(int)options.Fill} is not a WindowFill.");
        if (!Enum.IsDefined(options.WriterMode)) throw new MpiException(ErrorClass.Arg, $"WriterMode {(int)options.WriterMode} is not a WriterMode.");
        if (options.SieveGap < 0) throw new MpiException(ErrorClass.Arg, $"SieveGap must be nonnegative, got {options.SieveGap}.");
        if (options.StagingBytes < 4096) throw new MpiException(ErrorClass.Arg, $"StagingBytes must be at least 4096, got {options.StagingBytes}.");
        if (options.MaxCachedBytes < 0) throw new MpiException(ErrorClass.Arg, $"MaxCachedBytes must be nonnegative, got {options.MaxCachedBytes}.");
    }

    // One MPI_Allreduce(MAX) carries every rank's error class, each argument with its negation, so a
    // difference between ranks shows as max != -max(-x), and whether any rank lacks a segment to reuse: the
    // window reuses memory only when none does. Returns that decision, the same on every rank.
    // (MaxCachedBytes is not compared: it only matters at free, where the node agrees on keeping.)
    private static bool AgreeOnArguments(Communicator comm, Exception? local, long offset, long length, FileWindowOptions o, bool canReuse)
    {
        long flags = (o.ReadOnly ? 1L : 0L) + 2L * (int)o.Fill + 8L * (int)o.WriterMode;
        Span<long> v = [local == null ? 0 : Math.Max(1, (int)IoErrors.ClassOf(local)), offset, -offset, length, -length, o.PageSize, -o.PageSize, flags, -flags, o.StagingBytes, -o.StagingBytes, o.SieveGap, -o.SieveGap, canReuse ? 0 : 1];
        if (comm.Size > 1) comm.Allreduce<long>(v, Op.Max);
        if (v[0] != 0)
        {
            if (local != null && (long)IoErrors.ClassOf(local) == v[0])
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(local).Throw();
            throw IoErrors.Create((ErrorClass)v[0], $"FileWindow.Map failed on another rank ({(ErrorClass)v[0]})", local);
        }
        ReadOnlySpan<string> names = ["offset", "length", "PageSize", "ReadOnly/Fill/WriterMode", "StagingBytes", "SieveGap"];
        for (int i = 0; i < names.Length; i++)
            if (v[1 + 2 * i] != -v[2 + 2 * i])
                throw new MpiException(ErrorClass.NotSame, $"FileWindow.Map: {names[i]} differs between ranks.");
        return v[^1] == 0;
    }

    // Collective over the file's communicator: page tables, write notices, then the eager fill. A reused
    // segment gets everything a new one has: fresh page states and counters, no versions seen, and zeros
    // where the fill does not write (the eager fill and every page read zero what lies past the end of
    // the file; a lazy window's pages are cleared here, each rank of the node its share).
    // Synchronisation: an eager fill needs none before it, because each rank resets the states of the
    // pages it fills itself and the node's rank 0 counts the fill's bytes up front; a lazy read-only window
    // has a node barrier between the reset and the first touch; a writable window has the barrier of the
    // write-notice window over the file's communicator.
    private void Initialise()
    {
        Exception? local = null;
        var node = _node!;
        bool eager = Fill == WindowFill.Eager;
        var (first, end) = WindowLayout.Share(0, _layout.PageCount, node.Rank, node.Size);
        try
        {
            if (eager) new Span<int>(_base + _layout.StatesOffset + 4L * first, end - first).Fill(PageState.Absent);
            if (node.Rank == 0)
            {
                if (!eager) new Span<int>(_base + _layout.StatesOffset, _layout.PageCount).Fill(PageState.Absent);
                var counters = new Span<long>(_base + _layout.CountersOffset, WindowLayout.CounterCount);
                counters.Clear();
                if (eager) counters[CounterBytesRead] = _layout.Length;
                if (!IsReadOnly)
                {
                    // Every write notice is 0 until every rank has passed the closing agreement below (no rank
                    // releases before its map returns), so the node has seen exactly 0 of each.
                    Seen.Clear();
                    Incoming.Clear();
                }
            }
            if (IsMemoryReused && !eager)
            {
                long start = _layout.PageStart(first), stop = Math.Min(_layout.Length, _layout.PageStart(end));
                if (stop > start) NativeMemory.Clear(_base + start, (nuint)(stop - start));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        if (!IsReadOnly)
        {
            _versions = Window.Allocate(_comm!, _comm!.Rank == 0 ? 8L * _layout.PageCount : 0, 8);
            if (_comm.Rank == 0) NativeMemory.Clear(_versions.LocalPointer, (nuint)(8L * _layout.PageCount));
            _comm.Barrier();
            _versions.LockAll(MpiAbi.MPI_MODE_NOCHECK);
        }
        else if (!eager)
        {
            node.Barrier();
        }
        if (eager && local == null)
        {
            try { ReadPages(first, end, count: false); }
            catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        }
        Agreement.Agree(_comm!, local, "FileWindow.Map");
    }

    /// <summary>
    /// <c>MPI_Win_free</c> of the window (collective over the file's communicator). A writable window
    /// first releases what its node changed, so no tracked change is lost; every further call raises
    /// <see cref="ErrorClass.Win"/>. The node's shared segment is freed, or kept for the next map of this
    /// process on the same node ranks when it holds at most <see cref="FileWindowOptions.MaxCachedBytes"/>
    /// (one segment per process; the node's ranks agree in one <c>MPI_Allreduce</c>): see
    /// <see cref="CachedBytes"/> and <see cref="ReleaseCachedMemory"/>.
    /// </summary>
    public void Free()
    {
        if (_segment == null) return;
        try
        {
            if (!IsReadOnly) Release();
        }
        finally
        {
            FreeResources();
        }
    }

    /// <summary>Frees the window (collective): see <see cref="Free"/>.</summary>
    public void Dispose() => Free();

    private void FreeResources()
    {
        _memory = null;
        _tracked.Dispose();
        if (_versions != null)
        {
            if (!_versions.IsDisposed) _versions.UnlockAll();
            _versions.Dispose();
            _versions = null;
        }
        _comm?.Dispose();
        _comm = null;
        _node = null;
        var segment = _segment;
        _segment = null;
        if (segment != null) NodeSegmentCache.Keep(segment, _maxCachedBytes);
    }

    /// <summary>
    /// The bytes of node-shared memory this process keeps for reuse after <see cref="Free"/> (a local call):
    /// the size of the kept node segment, which the node's first rank holds and the others map; 0 when
    /// nothing is kept. At most one segment is kept; see <see cref="FileWindowOptions.MaxCachedBytes"/>.
    /// </summary>
    public static long CachedBytes => NodeSegmentCache.KeptBytes;

    /// <summary>
    /// Frees the node-shared memory freed windows left for reuse (collective over <paramref name="comm"/>,
    /// e.g. <see cref="Communicator.World"/>): the kept segment is freed (<c>MPI_Win_free</c> over its node)
    /// when all its node's ranks belong to <paramref name="comm"/>, since they all hold it; a process whose
    /// segment serves ranks outside <paramref name="comm"/> keeps it. Windows still mapped are not affected.
    /// Kept memory is also freed before <c>MPI_Finalize</c> (<see cref="MpiEnvironment.Dispose"/>).
    /// </summary>
    /// <returns>The bytes this process freed (its <see cref="CachedBytes"/> before the call, or 0).</returns>
    public static long ReleaseCachedMemory(Communicator comm)
    {
        ArgumentNullException.ThrowIfNull(comm);
        return NodeSegmentCache.Release(comm);
    }

    private ref int State(int page) => ref Unsafe.AsRef<int>(_base + _layout.StatesOffset + 4L * page);

    private Span<long> Seen => new(_base + _layout.SeenOffset, _layout.PageCount);

    private Span<long> Incoming => new(_base + _layout.IncomingOffset, _layout.PageCount);

    private long Counter(int index) => Volatile.Read(ref Unsafe.AsRef<long>(_base + _layout.CountersOffset + 8L * index));

    private void Count(int index, long amount)
    {
        if (amount != 0) Interlocked.Add(ref Unsafe.AsRef<long>(_base + _layout.CountersOffset + 8L * index), amount);
    }

    private Span<byte> PageSpan(int page) => new(_base + _layout.PageStart(page), _layout.PageLength(page));

    // Reads pages [first, end) of the file straight into the node copy and marks them present; counts the
    // bytes unless the caller did.
    private void ReadPages(int first, int end, bool count = true)
    {
        if (first >= end) return;
        long start = _layout.PageStart(first);
        long stop = Math.Min(_layout.Length, _layout.PageStart(end));
        for (long at = start; at < stop; at += ReadChunk)
        {
            int n = (int)Math.Min(ReadChunk, stop - at);
            _storage.ReadFully(FileOffset + at, new Span<byte>(_base + at, n));
        }
        if (count) Count(CounterBytesRead, stop - start);
        for (int p = first; p < end; p++)
        {
            ref int s = ref State(p);
            int old = Volatile.Read(ref s);
            Volatile.Write(ref s, (old & ~PageState.PresenceMask) | PageState.Present);
        }
    }

    // MPI_Get of the write-notice counters from their home (rank 0), in pieces MPI's int counts can carry.
    private void FetchVersions(Span<long> into)
    {
        const int piece = 1 << 24;
        for (int at = 0; at < into.Length; at += piece)
            _versions!.Get<long>(into.Slice(at, Math.Min(piece, into.Length - at)), 0, at);
    }
}
