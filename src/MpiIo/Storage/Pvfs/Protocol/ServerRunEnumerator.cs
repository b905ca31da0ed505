namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>
/// One server's part of a region descriptor: its pieces in logical order, merged where they are adjacent in its
/// bytestream (what the server does: a contiguous access over several stripe rows becomes one local run per server)
/// or, with <c>byStream</c>, where they are adjacent in the whole access's data stream (what the client does: the
/// places in the caller's buffer that server's I/O stream comes from or goes to).
/// <see cref="Position"/> is where a run sits in this server's part of the data stream.
/// </summary>
public ref struct ServerRunEnumerator
{
    private readonly StripingLayout _layout;
    private readonly int _server;
    private RegionBlockEnumerator _blocks;
    private Striping.ServerPieceEnumerator _pieces;
    private readonly bool _byStream;
    private bool _inBlock, _pending;
    private long _pendLocal, _pendStream, _pendLength, _position;

    /// <summary>Enumerates server <paramref name="server"/>'s runs of a checked <paramref name="descriptor"/>.</summary>
    /// <param name="descriptor">The region.</param>
    /// <param name="layout">The file's distribution.</param>
    /// <param name="server">Index in the file's server list.</param>
    /// <param name="byStream">Merge pieces adjacent in the access's data stream instead of in the bytestream.</param>
    public ServerRunEnumerator(ReadOnlySpan<byte> descriptor, in StripingLayout layout, int server, bool byStream = false)
    {
        _layout = layout;
        _server = server;
        _byStream = byStream;
        _blocks = RegionDescriptor.Blocks(descriptor);
        _pieces = default;
        _inBlock = _pending = false;
        _pendLocal = _pendStream = _pendLength = _position = 0;
        LocalOffset = Position = Length = StreamOffset = 0;
    }

    /// <summary>Start of the current run in the whole access's data stream (the caller's buffer).</summary>
    public long StreamOffset { get; private set; }

    /// <summary>Start of the current run in the server's bytestream.</summary>
    public long LocalOffset { get; private set; }

    /// <summary>Where the current run sits in the server's part of the data stream.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes in the current run.</summary>
    public long Length { get; private set; }

    /// <summary>Moves to the next run.</summary>
    public bool MoveNext()
    {
        while (true)
        {
            if (!_inBlock)
            {
                if (!_blocks.MoveNext())
                    return Emit();
                _pieces = Striping.StripeMath.PiecesOn(_layout, _server, _blocks.Current, _blocks.StreamOffset);
                _inBlock = true;
            }
            if (!_pieces.MoveNext())
            {
                _inBlock = false;
                continue;
            }
            Striping.StripePiece piece = _pieces.Current;
            if (_pending && (_byStream ? piece.StreamOffset == _pendStream + _pendLength : piece.LocalOffset == _pendLocal + _pendLength))
            {
                _pendLength += piece.Length;
                continue;
            }
            bool had = Emit();
            _pendLocal = piece.LocalOffset;
            _pendStream = piece.StreamOffset;
            _pendLength = piece.Length;
            _pending = true;
            if (had)
                return true;
        }
    }

    private bool Emit()
    {
        if (!_pending)
            return false;
        LocalOffset = _pendLocal;
        StreamOffset = _pendStream;
        Length = _pendLength;
        Position = _position;
        _position += _pendLength;
        _pending = false;
        return true;
    }
}
