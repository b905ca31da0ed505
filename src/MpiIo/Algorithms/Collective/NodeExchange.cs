using MpiIo.Mpi;

namespace MpiIo.Algorithms.Collective;

/// <summary>
/// The node-local half of two-phase I/O: each aggregator's two collective buffers live in an MPI-3
/// shared-memory window over its node, so a rank on the same node copies its pieces straight into (or out of)
/// the aggregator's buffer — no message, no matching, no intermediate copy. One cycle costs two
/// synchronisations in shared memory: the aggregator publishes "buffer ready for cycle k" and every
/// contributing rank bumps a done counter. Waiting spins briefly, then sleeps (SpinWait escalates to
/// <c>Thread.Sleep</c>), so ranks that outnumber the cores do not steal the core the writer needs, and it
/// keeps MPI's progress engine turning for the messages of other nodes.
/// </summary>
/// <remarks>
/// Segment of an aggregator: a 128-byte control block (ready[2] and done[2], on separate cache lines) and two
/// buffers. Ranks that are not aggregators contribute no memory. Created collectively over the node by the
/// first two-phase call that needs it; freed (collectively) with the file.
/// </remarks>
internal sealed unsafe class NodeExchange : IDisposable
{
    private const int Control = 128;
    private readonly Window _window;
    private readonly Communicator _progress;
    private readonly nint[] _segments; // by node rank; 0 for ranks without a segment

    private NodeExchange(Window window, nint[] segments, long bufferBytes, Communicator progress)
    {
        _window = window;
        _segments = segments;
        BufferBytes = bufferBytes;
        _progress = progress;
    }

    /// <summary>Bytes of each of an aggregator's two buffers.</summary>
    public long BufferBytes { get; }

    /// <summary>Allocates the window over <paramref name="node"/> (collective over the node).</summary>
    /// <param name="node">The ranks of this node.</param>
    /// <param name="isAggregator">Whether this rank is an aggregator (and so holds a segment).</param>
    /// <param name="bufferBytes">Each buffer's size: the collective buffer size.</param>
    /// <param name="progress">A communicator to poll while waiting, so pending messages keep moving.</param>
    public static NodeExchange Create(Communicator node, bool isAggregator, long bufferBytes, Communicator progress)
    {
        long mine = isAggregator ? Control + 2 * bufferBytes : 0;
        var w = Window.AllocateShared(node, mine, 8);
        if (isAggregator) new Span<byte>(w.LocalPointer, Control).Clear();
        var segments = new nint[node.Size];
        for (int r = 0; r < node.Size; r++)
        {
            var (p, size, _) = w.SharedQuery(r);
            segments[r] = size > 0 ? p : 0;
        }
        // The cleared control blocks must be visible before anyone reads them.
        w.Fence();
        return new NodeExchange(w, segments, bufferBytes, progress);
    }

    /// <summary>The buffer of parity <paramref name="parity"/> of the aggregator with node rank <paramref name="nodeRank"/>.</summary>
    public byte* Buffer(int nodeRank, int parity) => (byte*)_segments[nodeRank] + Control + parity * BufferBytes;

    private long* Ready(int nodeRank, int parity) => (long*)((byte*)_segments[nodeRank] + parity * 8);

    private long* Done(int nodeRank, int parity) => (long*)((byte*)_segments[nodeRank] + 64 + parity * 8);

    /// <summary>Aggregator: clears the done counter and announces that its buffer is ready for the cycle tagged <paramref name="tag"/>.</summary>
    public void Publish(int nodeRank, int parity, long tag)
    {
        Volatile.Write(ref *Done(nodeRank, parity), 0);
        Interlocked.Exchange(ref *Ready(nodeRank, parity), tag);
    }

    /// <summary>Contributor: waits until the aggregator's buffer is ready for the cycle tagged <paramref name="tag"/>.</summary>
    public void WaitReady(int nodeRank, int parity, long tag) => WaitFor(Ready(nodeRank, parity), tag);

    /// <summary>Contributor: tells the aggregator its pieces of this cycle are in (or out of) the buffer.</summary>
    public void SignalDone(int nodeRank, int parity) => Interlocked.Increment(ref *Done(nodeRank, parity));

    /// <summary>Aggregator: waits until <paramref name="contributors"/> ranks signalled the cycle done.</summary>
    public void WaitDone(int nodeRank, int parity, long contributors) => WaitFor(Done(nodeRank, parity), contributors);

    private void WaitFor(long* word, long value)
    {
        var spin = new SpinWait();
        int polls = 0;
        while (Volatile.Read(ref *word) != value)
        {
            spin.SpinOnce(sleep1Threshold: 40);
            if (++polls % 16 == 0) _progress.Iprobe(Communicator.AnySource, Communicator.AnyTag, out _);
        }
    }

    /// <summary>Frees the window (collective over the node).</summary>
    public void Dispose()
    {
        if (!_window.IsDisposed) _window.Dispose();
    }
}
