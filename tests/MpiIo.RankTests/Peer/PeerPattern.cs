namespace MpiIo.RankTests.Peer;

/// <summary>The memory content both peers write: byte <c>j</c> of rank <c>r</c>'s buffer (the same formula as <c>pattern()</c> in <c>mpiio_peer.c</c>).</summary>
public static class PeerPattern
{
    public static byte At(int r, long j) => (byte)((r + 1) * 37 + j * 11 + (j >> 8) * 3);
}
