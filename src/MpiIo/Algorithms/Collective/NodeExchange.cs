using MpiIo.Mpi;

namespace MpiIo.Algorithms.Collective;

/// <summary>
/// The node-local half of collective I/O, in an MPI-3 shared-memory window over the ranks of one node:
/// <list type="bullet">
/// <item>each aggregator's two collective buffers, so a rank on the same node copies its pieces straight into
/// (or out of) the aggregator's buffer — no message, no matching, no intermediate copy. One cycle costs two
/// synchronisations in shared memory: the aggregator publishes "buffer ready for cycle k" and every
/// contributing rank bumps a done counter;</item>
/// <item>rounds: a gather of a few words from every rank of the window (<see cref="Gather"/>), which replaces
/// the MPI collectives of a collective call when the file's ranks are exactly the window's.</item>
/// </list>
/// Waits spin briefly and then sleep in the kernel (<see cref="SharedWait"/>) until the partner's store wakes
/// them, so ranks that outnumber the cores do not steal the core the others need (MPICH's own waits spin).
/// </summary>
/// <remarks>
/// <para>Segment of every rank: a control block (cells on their own cache lines: ready[2], done[2], the round
/// counter and the window's id in rank 0's block, two round slots) and, for ranks with buffers, two buffers.</para>
/// <para>Per-exchange state (the cycle tag sequence, the done counts of the last cycles, the round count) lives
/// here, not in a file: every rank of the window uses it in the same sequence of collective calls, so it stays
/// the same on all of them, also when one window serves the files of a process one after the other.</para>
/// </remarks>
internal sealed unsafe class NodeExchange : IDisposable
{
    private const int ReadyAt = 0, DoneAt = 128, RoundAt = 256, IdAt = 320, SlotsAt = 384, SlotBytes = 64;
    private const int Control = 512;
    /// <summary>Longs a rank can contribute to one round.</summary>
    public const int SlotLongs = SlotBytes / 8;

    private readonly Window _window;
    private readonly Action _poll;
    private readonly nint[] _segments; // by window rank
    private long _calls, _rounds;

    private NodeExchange(Window window, nint[] segments, long bufferBytes, Group group)
    {
        _window = window;
        _segments = segments;
        BufferBytes = bufferBytes;
        Group = group;
        Rank = window.Communicator.Rank;
        Size = segments.Length;
        Id = *(long*)((byte*)segments[0] + IdAt);
        _poll = Poll;
    }

    // Every wait polls MPI (about every 200 µs while asleep): MPICH's progress engine is global, and a partner
    // may be waiting on this rank's progress for something else, such as a passive-target fetch-and-add on the
    // shared file pointer's window, which MPICH completes only when the target calls into MPI. Without it,
    // a rank sleeping in a round here and a rank spinning in MPI_Fetch_and_op towards it wait for each other.
    // MPI_COMM_WORLD is polled because it lives as long as MPI and a probe of it runs the whole progress engine
    // (MPICH answers a probe of MPI_COMM_SELF without polling the network); the communicator a window was made
    // over belongs to the file that first needed it and is gone once that file closes.
    private static void Poll() => Communicator.World.Iprobe(Communicator.AnySource, Communicator.AnyTag, out _);

    /// <summary>Bytes of each of a buffered rank's two buffers.</summary>
    public long BufferBytes { get; }

    /// <summary>A number naming this window, the same on all its ranks (drawn by its rank 0 at creation).</summary>
    public long Id { get; }

    /// <summary>This rank's rank in the window.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks of the window.</summary>
    public int Size { get; }

    /// <summary>The ranks of the window, to recognise the node it serves.</summary>
    public Group Group { get; }

    /// <summary>Each rank's done count of the last cycle of each parity (the aggregator waits for it before reusing a buffer).</summary>
    public long[] LastContributors { get; } = new long[2];

    /// <summary>Allocates the window over <paramref name="node"/> (collective over the node).</summary>
    /// <param name="node">The ranks of this node.</param>
    /// <param name="withBuffers">Whether this rank holds two buffers (aggregators; every rank for a window shared by files).</param>
    /// <param name="bufferBytes">Each buffer's size: the collective buffer size.</param>
    public static NodeExchange Create(Communicator node, bool withBuffers, long bufferBytes)
    {
        long mine = Control + (withBuffers ? 2 * bufferBytes : 0);
        var w = Window.AllocateShared(node, mine, 8);
        new Span<byte>(w.LocalPointer, Control).Clear();
        if (node.Rank == 0) *(long*)(w.LocalPointer + IdAt) = Random.Shared.NextInt64(1, long.MaxValue);
        var segments = new nint[node.Size];
        for (int r = 0; r < node.Size; r++) segments[r] = w.SharedQuery(r).Pointer;
        // The cleared control blocks and the id must be visible before anyone reads them.
        w.Fence();
        return new NodeExchange(w, segments, bufferBytes, node.GetGroup());
    }

    /// <summary>The tag base of the next collective call through this window (cycle k's tag is base + k + 1).</summary>
    public long NextCallTag() => ++_calls << 24;

    /// <summary>The buffer of parity <paramref name="parity"/> of the rank with window rank <paramref name="rank"/>.</summary>
    public byte* Buffer(int rank, int parity) => (byte*)_segments[rank] + Control + parity * BufferBytes;

    private byte* Ready(int rank, int parity) => (byte*)_segments[rank] + ReadyAt + parity * 64;

    private byte* Done(int rank, int parity) => (byte*)_segments[rank] + DoneAt + parity * 64;

    /// <summary>Aggregator: clears the done counter and announces that its buffer is ready for the cycle tagged <paramref name="tag"/>.</summary>
    public void Publish(int rank, int parity, long tag)
    {
        Volatile.Write(ref *(long*)Done(rank, parity), 0);
        SharedWait.Store(Ready(rank, parity), tag);
    }

    /// <summary>Contributor: waits until the aggregator's buffer is ready for the cycle tagged <paramref name="tag"/>.</summary>
    public void WaitReady(int rank, int parity, long tag) => SharedWait.Until(Ready(rank, parity), tag, atLeast: false, _poll);

    /// <summary>Contributor: tells the aggregator its pieces of this cycle are in (or out of) the buffer.</summary>
    public void SignalDone(int rank, int parity) => SharedWait.Increment(Done(rank, parity));

    /// <summary>Aggregator: waits until <paramref name="contributors"/> ranks signalled the cycle done.</summary>
    public void WaitDone(int rank, int parity, long contributors) => SharedWait.Until(Done(rank, parity), contributors, atLeast: false, _poll);

    /// <summary>
    /// One round over every rank of the window: each contributes up to <see cref="SlotLongs"/> longs and receives
    /// everyone's, by window rank, in <paramref name="all"/> (<see cref="Size"/> × <paramref name="mine"/>.Length).
    /// Collective over the window's ranks; one synchronisation (an arrival counter), two slots alternating so a
    /// rank may start the next round while slower ones still read this one.
    /// </summary>
    public void Gather(ReadOnlySpan<long> mine, Span<long> all)
    {
        long round = ++_rounds;
        int n = mine.Length;
        long* slot = (long*)((byte*)_segments[Rank] + SlotsAt + (round & 1) * SlotBytes);
        for (int i = 0; i < n; i++) slot[i] = mine[i];
        byte* arrivals = (byte*)_segments[0] + RoundAt;
        // The interlocked increment orders the slot's stores before it.
        SharedWait.Increment(arrivals);
        SharedWait.Until(arrivals, round * Size, atLeast: true, _poll);
        for (int r = 0; r < Size; r++)
        {
            long* other = (long*)((byte*)_segments[r] + SlotsAt + (round & 1) * SlotBytes);
            for (int i = 0; i < n; i++) all[r * n + i] = Volatile.Read(ref other[i]);
        }
    }

    /// <summary>Frees the window (collective over the node).</summary>
    public void Dispose()
    {
        if (!_window.IsDisposed) _window.Dispose();
        Group.Dispose();
    }
}
