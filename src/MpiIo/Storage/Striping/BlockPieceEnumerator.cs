namespace MpiIo.Storage.Striping;

/// <summary>
/// Enumerates the per-stripe pieces of a list of blocks taken as one data stream, either on every server
/// (logical list order) or on one server only. A ref struct over the caller's span: no allocation.
/// </summary>
public ref struct BlockPieceEnumerator
{
    private readonly StripingLayout _layout;
    private readonly ReadOnlySpan<FileBlock> _blocks;
    private readonly int _server;
    private int _index;
    private long _stream;
    private RangePieceEnumerator _all;
    private ServerPieceEnumerator _one;
    private bool _active;

    internal BlockPieceEnumerator(in StripingLayout layout, ReadOnlySpan<FileBlock> blocks, int server)
    {
        _layout = layout;
        _blocks = blocks;
        _server = server;
        _index = 0;
        _stream = 0;
        _active = false;
        _all = default;
        _one = default;
    }

    /// <summary>The current piece.</summary>
    public readonly StripePiece Current => _server < 0 ? _all.Current : _one.Current;

    /// <summary>Moves to the next piece.</summary>
    public bool MoveNext()
    {
        while (true)
        {
            if (_active && (_server < 0 ? _all.MoveNext() : _one.MoveNext()))
                return true;
            if (_index >= _blocks.Length)
                return false;
            FileBlock block = _blocks[_index++];
            if (_server < 0)
                _all = new RangePieceEnumerator(_layout, block.Offset, block.Length, _stream);
            else
                _one = new ServerPieceEnumerator(_layout, _server, block.Offset, block.Length, _stream);
            _stream += Math.Max(0, block.Length);
            _active = true;
        }
    }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly BlockPieceEnumerator GetEnumerator() => this;
}
