namespace MpiIo.Storage.Striping;

/// <summary>Enumerates the per-stripe pieces of one logical range, in logical order (a struct: no allocation).</summary>
public struct RangePieceEnumerator
{
    private readonly StripingLayout _layout;
    private readonly long _end;
    private readonly long _streamBase, _start;
    private long _next;

    internal RangePieceEnumerator(in StripingLayout layout, long offset, long length, long streamBase)
    {
        _layout = layout;
        _start = offset;
        _next = offset;
        _end = offset + Math.Max(0, length);
        _streamBase = streamBase;
        Current = default;
    }

    /// <summary>The current piece.</summary>
    public StripePiece Current { get; private set; }

    /// <summary>Moves to the next piece.</summary>
    public bool MoveNext()
    {
        if (_next >= _end)
            return false;
        long stripeEnd = StripeMath.AlignDown(_layout, _next) + _layout.StripeSize;
        long length = Math.Min(stripeEnd, _end) - _next;
        Current = new StripePiece(StripeMath.ServerOf(_layout, _next), StripeMath.LocalOffset(_layout, _next), _next, length,
            _streamBase + (_next - _start));
        _next += length;
        return true;
    }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly RangePieceEnumerator GetEnumerator() => this;
}
