using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Algorithms;

/// <summary>
/// The scratch memory of data sieving, owned by one open file so calls allocate nothing: the read and
/// write windows (allocated on first use at the size the options ask, kept after) and the block arrays.
/// </summary>
/// <remarks>
/// Meant for one call at a time. A call that finds it in use (two threads doing I/O on one file) takes a
/// private set for that call instead of failing, so correctness never depends on the caller's discipline.
/// </remarks>
public sealed class DataSievingBuffers
{
    /// <summary>Pieces gathered per window by default.</summary>
    public const int DefaultPieceCapacity = 1024;

    private const int BatchCapacity = 256;

    private byte[]? _read, _write;
    private int _busy;

    /// <summary>Creates empty buffers; the windows are allocated by the first read or write.</summary>
    /// <param name="pieceCapacity">How many pieces one window may hold (at least 2); a window ends early when full.</param>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> when <paramref name="pieceCapacity"/> is below 2.</exception>
    public DataSievingBuffers(int pieceCapacity = DefaultPieceCapacity)
    {
        if (pieceCapacity < 2)
            throw new MpiException(ErrorClass.Arg, $"pieceCapacity ({pieceCapacity}) must be at least 2.");
        Pieces = new FileBlock[pieceCapacity];
        Batch = new FileBlock[BatchCapacity];
    }

    /// <summary>How many pieces one window may hold.</summary>
    public int PieceCapacity => Pieces.Length;

    /// <summary>Bytes held by the read and write windows now.</summary>
    public long WindowBytes => (_read?.Length ?? 0L) + (_write?.Length ?? 0L);

    internal FileBlock[] Pieces { get; }

    internal FileBlock[] Batch { get; }

    internal byte[] ReadWindow(int size) => _read is { } b && b.Length >= size ? b : _read = Take(size, _read);

    internal byte[] WriteWindow(int size) => _write is { } b && b.Length >= size ? b : _write = Take(size, _write);

    // Windows outlive the files that used them: an open/access/close loop reuses warm memory instead of
    // allocating (and zeroing, and later collecting) megabytes inside every timed access.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, System.Collections.Concurrent.ConcurrentBag<byte[]>> s_pool = new();
    private const int PoolLimit = 8; // windows kept per size

    private static byte[] Take(int size, byte[]? old)
    {
        if (old != null) Give(old);
        return s_pool.TryGetValue(size, out var bag) && bag.TryTake(out var w) ? w : GC.AllocateUninitializedArray<byte>(size);
    }

    private static void Give(byte[] window)
    {
        var bag = s_pool.GetOrAdd(window.Length, static _ => []);
        if (bag.Count < PoolLimit) bag.Add(window);
    }

    /// <summary>Hands the windows back to the process-wide pool (when the file is closed).</summary>
    public void ReleaseWindows()
    {
        if (_read != null) Give(_read);
        if (_write != null) Give(_write);
        _read = _write = null;
    }

    internal DataSievingBuffers Rent()
        => Interlocked.Exchange(ref _busy, 1) == 0 ? this : new DataSievingBuffers(PieceCapacity);

    internal void Return(DataSievingBuffers rented)
    {
        if (ReferenceEquals(rented, this))
            Volatile.Write(ref _busy, 0);
    }
}
