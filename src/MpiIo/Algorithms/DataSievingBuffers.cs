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

    internal byte[] ReadWindow(int size) => _read is { } b && b.Length >= size ? b : _read = new byte[size];

    internal byte[] WriteWindow(int size) => _write is { } b && b.Length >= size ? b : _write = new byte[size];

    internal DataSievingBuffers Rent()
        => Interlocked.Exchange(ref _busy, 1) == 0 ? this : new DataSievingBuffers(PieceCapacity);

    internal void Return(DataSievingBuffers rented)
    {
        if (ReferenceEquals(rented, this))
            Volatile.Write(ref _busy, 0);
    }
}
