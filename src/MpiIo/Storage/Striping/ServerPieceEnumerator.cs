namespace MpiIo.Storage.Striping;

/// <summary>
/// Enumerates the pieces of one logical block that lie on one server. It starts at the server's first stripe
/// inside the block and steps pcount stripes at a time, so a server's cost is its own pieces, not the block's.
/// </summary>
public struct ServerPieceEnumerator
{
    private readonly StripingLayout _layout;
    private readonly int _server;
    private readonly long _start, _end, _streamBase;
    private long _stripe;

    internal ServerPieceEnumerator(in StripingLayout layout, int server, long offset, long length, long streamBase)
    {
        _layout = layout;
        _server = server;
        _start = offset;
        _end = offset + Math.Max(0, length);
        _streamBase = streamBase;
        long first = offset / layout.StripeSize;
        long skip = ((server - first % layout.ServerCount) % layout.ServerCount + layout.ServerCount) % layout.ServerCount;
        _stripe = first + skip;
        Current = default;
    }

    /// <summary>The current piece.</summary>
    public StripePiece Current { get; private set; }

    /// <summary>Moves to the next piece on the server.</summary>
    public bool MoveNext()
    {
        long stripeStart = _stripe * _layout.StripeSize;
        if (stripeStart >= _end)
            return false;
        long from = Math.Max(stripeStart, _start);
        long to = Math.Min(stripeStart + _layout.StripeSize, _end);
        long local = _stripe / _layout.ServerCount * _layout.StripeSize + (from - stripeStart);
        Current = new StripePiece(_server, local, from, to - from, _streamBase + (from - _start));
        _stripe += _layout.ServerCount;
        return true;
    }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly ServerPieceEnumerator GetEnumerator() => this;
}
