using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// Where one server's read reply goes: straight from the socket into the caller's (pinned) buffer, each run of the
/// server's I/O stream at its place, so a large read is copied once (kernel to caller) instead of twice. The receive
/// thread claims the sink before writing and releases it after; the caller cancels every sink before it unpins the
/// buffer, and <see cref="Cancel"/> does not return while the receive thread may still write.
/// </summary>
internal sealed unsafe class PvfsReadSink
{
    private const int Armed = 0, Receiving = 1, Done = 2, Cancelled = 3;

    private readonly byte* _destination;
    private readonly int _length;
    private readonly byte[] _region;
    private readonly int _regionLength;
    private readonly StripingLayout _layout;
    private readonly int _server;
    private int _state;

    /// <param name="destination">The pinned buffer of the whole access (the round's part of it).</param>
    /// <param name="length">Its length.</param>
    /// <param name="region">The round's region descriptor (owned by the round, which outlives the sink's use).</param>
    /// <param name="regionLength">Encoded bytes of <paramref name="region"/>.</param>
    /// <param name="layout">The file's distribution.</param>
    /// <param name="server">The server's index in the file's server list.</param>
    /// <param name="streamBytes">Bytes of that server's I/O stream.</param>
    public PvfsReadSink(byte* destination, int length, byte[] region, int regionLength, in StripingLayout layout, int server, long streamBytes)
    {
        _destination = destination;
        _length = length;
        _region = region;
        _regionLength = regionLength;
        _layout = layout;
        _server = server;
        StreamBytes = streamBytes;
    }

    /// <summary>Bytes of the server's I/O stream: a reply fits the sink when its payload is 8 + this.</summary>
    public long StreamBytes { get; }

    /// <summary>The connection the request went out on (to break a receive the caller gives up on).</summary>
    public PvfsConnection? Connection { get; set; }

    /// <summary>Receive thread: takes the sink unless the caller cancelled it.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Receiving, Armed) == Armed;

    /// <summary>Receive thread: after a claim, whether the data arrived whole.</summary>
    public void Release(bool delivered) => Volatile.Write(ref _state, delivered ? Done : Cancelled);

    /// <summary>Receive thread, after a claim: receives the I/O stream into its runs' places in the caller's buffer.</summary>
    /// <param name="receive">Fills a span from the socket (told how much of the frame follows); false when the peer closed.</param>
    /// <returns>False when the connection ended first.</returns>
    public bool Receive(ReceiveExactly receive)
    {
        var runs = new ServerRunEnumerator(_region.AsSpan(0, _regionLength), _layout, _server, byStream: true);
        while (runs.MoveNext())
        {
            if (runs.StreamOffset + runs.Length > _length)
                return false;
            long beyond = StreamBytes - runs.Position - runs.Length;
            if (!receive(new Span<byte>(_destination + runs.StreamOffset, (int)runs.Length), beyond))
                return false;
        }
        return true;
    }

    /// <summary>Fills a span from a socket, <paramref name="beyond"/> more bytes of the frame to come after it; false when the peer closed first.</summary>
    public delegate bool ReceiveExactly(Span<byte> target, long beyond);

    /// <summary>
    /// Caller: no write into the buffer after this returns. A sink still armed is cancelled; one being received into
    /// has its connection broken (which ends the receive) and is waited for.
    /// </summary>
    public void Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Armed) != Receiving)
            return;
        Connection?.Abandon("a read was given up while its data arrived");
        var spin = new SpinWait();
        while (Volatile.Read(ref _state) == Receiving)
            spin.SpinOnce();
    }
}
