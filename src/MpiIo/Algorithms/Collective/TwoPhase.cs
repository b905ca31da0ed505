using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Views;

namespace MpiIo.Algorithms.Collective;

/// <summary>
/// Two-phase collective I/O with collective buffering (del Rosario, Bordawekar, Choudhary 1993; ROMIO's
/// <c>ADIOI_GEN_WriteStridedColl</c>): a few aggregators each own a file domain and move it through a
/// collective buffer in cycles; the other ranks send them the pieces that fall in each cycle (writes) or
/// receive those pieces from them (reads).
/// </summary>
/// <remarks>
/// <para>How it differs from ROMIO. ROMIO runs an <c>MPI_Alltoall</c> of sizes in every cycle on top of the
/// point-to-point exchange. Here the only collective rounds of a call are the <c>MPI_Allgather</c> of every
/// rank's access range (which also agrees on argument errors) before the exchange and one
/// <c>MPI_Allreduce</c> agreeing on the outcome after it. Inside, everything is point to point: from the
/// gathered ranges each aggregator knows which ranks can have data in its cycle, and each of those sends a
/// small header (its pieces in that cycle) followed by the data, straight from the user's buffer — an empty
/// header when its range crosses the cycle but no data falls in it.</para>
/// <para>Writes are double-buffered: while cycle k's buffer is being written to the file on a pool
/// thread, cycle k+1 is received into the other buffer. A chunk is read first only when its pieces leave
/// holes. Reads read the union of the requested pieces, skipping holes larger than
/// <c>mpiio_cb_read_hole</c> bytes instead of reading whole chunks.</para>
/// <para>Memory per aggregator: two collective buffers, one staging area for the current cycle's incoming
/// data (at most one buffer's worth), and the piece lists of the current cycle — never the whole access.
/// Senders keep at most two cycles of messages in flight.</para>
/// <para>A failure of the file I/O on an aggregator does not stop the exchange (the others would wait for
/// it); the error is kept and reported to every rank by the closing agreement.</para>
/// </remarks>
internal sealed unsafe class TwoPhase
{
    private const int TagHeader = 11, TagData = 12, TagReply = 13;

    private struct Piece
    {
        public long Offset;
        public long Length;
        public long Source;  // staging offset, or (for this rank's own data) the data offset
        public int From;     // rank that owns the piece
        public bool Local;
    }

    private struct WriteOp
    {
        public long FileOffset, BufferOffset, Length;
        public bool Holes;
    }

    // Reused across calls: an open file keeps one TwoPhase.
    private readonly long[][][] _headers = [[], []];          // [parity][aggregator] pinned header arrays
    private readonly List<(long Offset, long Length)>[][] _slices = [[], []];
    private byte[]?[] _buffers = new byte[]?[2];
    // Writes stage the current cycle's incoming data in [0] (consumed within the cycle); reads stage their
    // replies by cycle parity, because cycle k's replies are still being sent while cycle k+1 is assembled.
    private readonly byte[]?[] _staging = new byte[]?[2];
    private long[]? _recvHeader;
    private Piece[] _pieces = new Piece[256];
    private int[] _order = new int[256];
    private long[] _offsets = new long[256];
    private readonly FileBlock[] _batch = new FileBlock[512];
    private readonly ViewBlockSource _blocks = new();
    private readonly List<(long Start, long End)> _ranges = [], _aggRanges = [];
    private readonly List<Request> _inFlight = [], _inFlightPrevious = [];
    private readonly List<WriteOp>[] _writeOps = [[], []];
    private readonly Task?[] _pendingWrite = new Task?[2];
    private Exception? _ioError;
    private NodeExchange? _node;
    private int[] _nodeOf = [], _nodeRank = [];
    private bool _holesPossible;
    private long _unionFirst, _unionEnd, _callTag;

    /// <summary>The collective buffers' size in bytes (<c>cb_buffer_size</c>); for tests of the memory bound.</summary>
    public long BufferBytes => (_buffers[0]?.Length ?? 0) + (_buffers[1]?.Length ?? 0) + (_staging[0]?.Length ?? 0) + (_staging[1]?.Length ?? 0);

    /// <summary>The most bytes one cycle of this rank (as aggregator) placed in a shared-memory buffer; two such buffers are in use.</summary>
    public long SharedCycleBytes { get; private set; }

    /// <summary>Runs one collective write or read.</summary>
    /// <param name="comm">The file's private communicator.</param>
    /// <param name="ranges">Every rank's access range.</param>
    /// <param name="aggregators">The aggregator ranks.</param>
    /// <param name="domains">Who owns which bytes, in which cycles.</param>
    /// <param name="file">The storage file.</param>
    /// <param name="view">This rank's view.</param>
    /// <param name="viewStart">The first view byte of this rank's access.</param>
    /// <param name="data">This rank's data stream, pinned for the call.</param>
    /// <param name="length">Bytes in the data stream.</param>
    /// <param name="write">Write or read.</param>
    /// <param name="atomic">Atomic mode: every file access of an aggregator runs under a byte-range lock.</param>
    /// <param name="readHole">Holes at least this large are not read.</param>
    /// <returns>The I/O error of this rank, if any (MPI errors throw).</returns>
    /// <param name="node">The node-local exchange, or null to exchange everything by messages.</param>
    /// <param name="nodeOf">Each rank's node id (ranks of one node share it).</param>
    /// <param name="nodeRank">Each rank's rank in its node's communicator.</param>
    /// <param name="holesPossible">Whether the union of all ranges may have bytes nobody writes (then shared-memory cycles read before they write).</param>
    /// <param name="unionFirst">The first byte of the union of all ranges.</param>
    /// <param name="unionEnd">One past its last byte.</param>
    public Exception? Run(Communicator comm, AccessRange[] ranges, int[] aggregators, FileDomains domains, IStorageFile file,
        FileView view, long viewStart, byte* data, long length, bool write, bool atomic, long readHole,
        NodeExchange? node, int[] nodeOf, int[] nodeRank, bool holesPossible, long unionFirst, long unionEnd)
    {
        _ioError = null;
        _node = node;
        _nodeOf = nodeOf;
        _nodeRank = nodeRank;
        _holesPossible = holesPossible;
        _unionFirst = unionFirst;
        _unionEnd = unionEnd;
        // Tags of shared-memory cycles never repeat: a fresh range per call, counted by the window, which the
        // node's ranks use in the same order of calls.
        _callTag = node?.NextCallTag() ?? 0;
        int me = comm.Rank;
        int myAgg = Array.IndexOf(aggregators, me);
        int cycles = domains.MaxCycles();
        EnsureHeaders(aggregators.Length);
        long cycleBytes = 0;
        try
        {
            for (int k = 0; k < cycles; k++)
            {
                int parity = k & 1;
                long tag = _callTag + k + 1;
                bool active = myAgg >= 0 && k < domains.CycleCount(myAgg);
                if (active)
                {
                    domains.Ranges(myAgg, k, _aggRanges);
                    cycleBytes = 0;
                    foreach (var (x, y) in _aggRanges) cycleBytes += y - x;
                    if (node != null)
                    {
                        SharedCycleBytes = Math.Max(SharedCycleBytes, cycleBytes);
                        PrepareShared(comm, ranges, parity, tag, file, write);
                    }
                    else EnsureBuffers(cycleBytes, write);
                }
                // Sender role: one header (and the data) per aggregator whose cycle k this rank's range crosses;
                // on the aggregator's node the pieces go straight into (or out of) its shared buffer instead.
                for (int a = 0; a < aggregators.Length; a++)
                {
                    if (domains.Ranges(a, k, _ranges) == 0 || !Crosses(ranges[me], _ranges)) continue;
                    long[] header = BuildHeader(parity, a, view, viewStart, length);
                    if (aggregators[a] == me) continue;
                    if (OnMyNode(me, aggregators[a]))
                    {
                        CopyShared(header, _slices[parity][a], _nodeRank[aggregators[a]], parity, tag, data, write);
                        continue;
                    }
                    int headerBytes = (int)(HeaderLongs(header) * 8);
                    fixed (long* h = header) _inFlight.Add(comm.Isend(h, headerBytes, aggregators[a], TagHeader));
                    foreach (var (off, len) in _slices[parity][a])
                    {
                        _inFlight.Add(write
                            ? comm.Isend(data + off, checked((int)len), aggregators[a], TagData)
                            : comm.Irecv(data + off, checked((int)len), aggregators[a], TagReply));
                    }
                }
                // Aggregator role.
                if (active)
                {
                    if (write) AggregateWrite(comm, ranges, myAgg, parity, data, file, atomic, last: k == domains.CycleCount(myAgg) - 1);
                    else AggregateRead(comm, ranges, myAgg, parity, data, file, atomic, readHole);
                }
                // Messages of cycle k-1 are done with by now on the other side: complete them, so at most two
                // cycles are ever in flight and the headers of parity k-1 can be reused.
                Request.WaitAll(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_inFlightPrevious));
                _inFlightPrevious.Clear();
                _inFlightPrevious.AddRange(_inFlight);
                _inFlight.Clear();
            }
            Request.WaitAll(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_inFlightPrevious));
            _inFlightPrevious.Clear();
        }
        finally
        {
            // The last writes run on pool threads: their errors belong to this call's outcome.
            Complete(0);
            Complete(1);
        }
        return _ioError;
    }

    private bool OnMyNode(int me, int other) => _node != null && _nodeOf[other] == _nodeOf[me];

    // Aggregator, before anyone touches cycle k's shared buffer: for writes, the buffer's previous write must be
    // done and, when bytes may stay unwritten, the cycle's ranges are read first; for reads, the node's ranks
    // must have copied cycle k-2 out, then the cycle's ranges are read. Then the buffer is announced.
    private void PrepareShared(Communicator comm, AccessRange[] ranges, int parity, long tag, IStorageFile file, bool write)
    {
        int me = comm.Rank, myNodeRank = _nodeRank[me];
        byte* buf = _node!.Buffer(myNodeRank, parity);
        if (write) Complete(parity);
        else _node.WaitDone(myNodeRank, parity, _node.LastContributors[parity]);
        if (_ioError == null && (!write || _holesPossible))
        {
            try
            {
                foreach (var (x, y) in _aggRanges)
                {
                    long from = Math.Max(x, _unionFirst), to = Math.Min(y, _unionEnd);
                    if (to > from) file.ReadFully(from, new Span<byte>(buf + BufferPos(_aggRanges, from), (int)(to - from)));
                }
            }
            catch (Exception e) when (e is not MpiException) { _ioError = e; }
        }
        long contributors = 0;
        for (int s = 0; s < ranges.Length; s++)
            if (s != me && OnMyNode(me, s) && Crosses(ranges[s], _aggRanges)) contributors++;
        _node.LastContributors[parity] = contributors;
        _node.Publish(myNodeRank, parity, tag);
    }

    // A rank on the aggregator's node: copy this cycle's pieces into (write) or out of (read) its shared
    // buffer, placed as the aggregator lays out its cycle ranges (_ranges holds them for this aggregator).
    private void CopyShared(long[] header, List<(long Offset, long Length)> list, int aggNodeRank, int parity, long tag, byte* data, bool write)
    {
        _node!.WaitReady(aggNodeRank, parity, tag);
        byte* buf = _node.Buffer(aggNodeRank, parity);
        long pieces = header[0], slices = header[1];
        long at = 2 + slices;
        int slice = 0;
        long left = list.Count > 0 ? list[0].Length : 0, pos = list.Count > 0 ? list[0].Offset : 0;
        for (long i = 0; i < pieces; i++)
        {
            long off = header[at++], len = header[at++];
            while (left == 0 && slice + 1 < list.Count) { slice++; left = list[slice].Length; pos = list[slice].Offset; }
            byte* shared = buf + BufferPos(_ranges, off);
            if (write) Buffer.MemoryCopy(data + pos, shared, len, len);
            else Buffer.MemoryCopy(shared, data + pos, len, len);
            pos += len;
            left -= len;
        }
        _node.SignalDone(aggNodeRank, parity);
    }

    private static bool Crosses(in AccessRange r, List<(long Start, long End)> ranges)
    {
        foreach (var (x, y) in ranges) if (r.Intersects(x, y)) return true;
        return false;
    }

    private static long HeaderLongs(long[] header) => 2 + header[1] + 2 * header[0];

    // Header: [pieces, slices, slice lengths…, (offset, length) of each piece…]; the data of the pieces, in
    // order, is the concatenation of the slices, and each slice is a contiguous run of this rank's data stream.
    private long[] BuildHeader(int parity, int a, FileView view, long viewStart, long length)
    {
        var slices = _slices[parity][a];
        slices.Clear();
        long pieces = 0;
        long[] h = _headers[parity][a];
        long used = 2;
        // First pass: the slices (at most one per range).
        long accessEnd = viewStart + length;
        foreach (var (x, y) in _ranges)
        {
            long vs = Math.Max(viewStart, view.ViewByteAtOrAfter(x));
            long ve = Math.Min(accessEnd, view.ViewByteAtOrAfter(y));
            if (ve > vs) slices.Add((vs - viewStart, ve - vs));
        }
        h = Grow(parity, a, used + slices.Count);
        foreach (var (_, len) in slices) h[used++] = len;
        foreach (var (off, len) in slices)
        {
            _blocks.Reset(view, viewStart + off, len);
            int n;
            while ((n = _blocks.Fill(_batch)) > 0)
            {
                h = Grow(parity, a, used + 2L * n);
                for (int i = 0; i < n; i++)
                {
                    h[used++] = _batch[i].Offset;
                    h[used++] = _batch[i].Length;
                }
                pieces += n;
            }
        }
        h[0] = pieces;
        h[1] = slices.Count;
        return h;
    }

    private long[] Grow(int parity, int a, long needed)
    {
        long[] h = _headers[parity][a];
        if (h.Length >= needed) return h;
        var bigger = GC.AllocateUninitializedArray<long>((int)Math.Max(needed, h.Length * 2L), pinned: true);
        h.AsSpan().CopyTo(bigger);
        _headers[parity][a] = bigger;
        return bigger;
    }

    private void EnsureHeaders(int aggregators)
    {
        for (int p = 0; p < 2; p++)
        {
            if (_headers[p].Length >= aggregators) continue;
            var h = new long[aggregators][];
            var s = new List<(long, long)>[aggregators];
            for (int a = 0; a < aggregators; a++)
            {
                h[a] = a < _headers[p].Length ? _headers[p][a] : GC.AllocateUninitializedArray<long>(64, pinned: true);
                s[a] = a < _slices[p].Length ? _slices[p][a] : [];
            }
            _headers[p] = h;
            _slices[p] = s;
        }
    }

    // Writes alternate two buffers (one is being written while the other fills); reads need one.
    private void EnsureBuffers(long cycleBytes, bool write)
    {
        for (int p = 0; p < (write ? 2 : 1); p++)
            if (_buffers[p] == null || _buffers[p]!.Length < cycleBytes)
            {
                Complete(p);
                _buffers[p] = GC.AllocateUninitializedArray<byte>((int)cycleBytes, pinned: true);
            }
    }

    private byte* Staging(int parity, long needed, long keep)
    {
        var current = _staging[parity];
        if (current == null || current.Length < needed)
        {
            var bigger = GC.AllocateUninitializedArray<byte>((int)Math.Max(needed, (current?.Length ?? 0) * 2L), pinned: true);
            if (current != null) current.AsSpan(0, (int)keep).CopyTo(bigger);
            _staging[parity] = current = bigger;
        }
        fixed (byte* p = current) return p; // pinned array: the address stays valid
    }

    // Receives the headers (and, for writes, the data) of cycle k from every rank whose range crosses it,
    // and lists the pieces sorted by file offset.
    private int Collect(Communicator comm, AccessRange[] ranges, int myAgg, int parity, bool withData)
    {
        int me = comm.Rank, count = 0;
        long staged = 0;
        _replyLengths.Clear();
        _replyPlan.Clear();
        for (int s = 0; s < ranges.Length; s++)
        {
            if (!Crosses(ranges[s], _aggRanges)) continue;
            if (s != me && OnMyNode(me, s)) continue; // its pieces travel through the shared buffer
            long[] h;
            if (s == me)
            {
                h = _headers[parity][myAgg];
            }
            else
            {
                var st = comm.Probe(s, TagHeader);
                int longs = (int)(st.ByteCount / 8);
                if (_recvHeader == null || _recvHeader.Length < longs)
                    _recvHeader = GC.AllocateUninitializedArray<long>(Math.Max(longs, 64), pinned: true);
                fixed (long* p = _recvHeader) comm.Recv(p, longs * 8, s, TagHeader);
                h = _recvHeader;
            }
            long pieces = h[0], slices = h[1];
            if (s != me && !withData)
            {
                _replyPlan.Add((s, _replyLengths.Count, (int)slices));
                for (long j = 0; j < slices; j++) _replyLengths.Add(h[2 + j]);
            }
            long dataBytes = 0;
            for (long j = 0; j < slices; j++) dataBytes += h[2 + j];
            long source = 0;
            if (s != me && withData)
            {
                byte* st = Staging(0, staged + dataBytes, staged); // consumed within the cycle
                long pos = staged;
                for (long j = 0; j < slices; j++)
                {
                    comm.Recv(st + pos, checked((int)h[2 + j]), s, TagData);
                    pos += h[2 + j];
                }
                source = staged;
                staged += dataBytes;
            }
            EnsurePieces(count + pieces);
            // Own pieces point into the data stream slice by slice; received ones into the staging area.
            var ownSlices = _slices[parity][myAgg];
            int slice = 0;
            long sliceLeft = slices > 0 ? h[2] : 0;
            long ownPos = s == me && ownSlices.Count > 0 ? ownSlices[0].Offset : 0;
            long at = 2 + slices;
            for (long i = 0; i < pieces; i++)
            {
                long off = h[at++], len = h[at++];
                ref var p = ref _pieces[count++];
                p.Offset = off;
                p.Length = len;
                p.From = s;
                p.Local = s == me;
                if (s == me)
                {
                    while (sliceLeft == 0 && slice + 1 < ownSlices.Count) { slice++; sliceLeft = ownSlices[slice].Length; ownPos = ownSlices[slice].Offset; }
                    p.Source = ownPos;
                    ownPos += len;
                    sliceLeft -= len;
                }
                else
                {
                    p.Source = source;
                    source += len;
                }
            }
        }
        return count;
    }

    private void EnsurePieces(long n)
    {
        if (_pieces.Length < n) Array.Resize(ref _pieces, (int)Math.Max(n, _pieces.Length * 2L));
    }

    // The buffer position of file offset f: the cycle's ranges laid end to end.
    private long BufferPos(long f) => BufferPos(_aggRanges, f);

    private static long BufferPos(List<(long Start, long End)> ranges, long f)
    {
        long pos = 0;
        foreach (var (x, y) in ranges)
        {
            if (f < y) return pos + (f - x);
            pos += y - x;
        }
        return pos;
    }

    private byte* CycleBuffer(int me, int parity)
    {
        if (_node != null) return _node.Buffer(_nodeRank[me], parity);
        fixed (byte* p = _buffers[parity]) return p; // pinned array: the address stays valid
    }

    private void AggregateWrite(Communicator comm, AccessRange[] ranges, int myAgg, int parity, byte* data, IStorageFile file, bool atomic, bool last)
    {
        int n = Collect(comm, ranges, myAgg, parity, withData: true);
        var ops = _writeOps[parity];
        ops.Clear();
        if (_node != null)
        {
            // Shared-memory cycle: node-local pieces are already in the buffer (or arriving); their exact
            // places are unknown here, so each range of the cycle is written whole — read first in
            // PrepareShared when bytes may stay unwritten.
            foreach (var (x, y) in _aggRanges)
            {
                long from = Math.Max(x, _unionFirst), to = Math.Min(y, _unionEnd);
                if (to > from) ops.Add(new WriteOp { FileOffset = from, BufferOffset = BufferPos(from), Length = to - from });
            }
        }
        else
        {
            if (n == 0) return;
            Array.Sort(_pieces, 0, n, PieceOrder.Instance);
            // The buffer of this parity was last used two cycles ago: its write must be finished.
            Complete(parity);
            // One write per run of pieces inside one range; a run with gaps is read first (read-modify-write).
            int i = 0;
            while (i < n)
            {
                long start = _pieces[i].Offset, end = start + _pieces[i].Length, covered = _pieces[i].Length;
                long rangeEnd = RangeEndOf(start);
                int j = i + 1;
                while (j < n && _pieces[j].Offset < rangeEnd)
                {
                    covered += _pieces[j].Length;
                    end = Math.Max(end, _pieces[j].Offset + _pieces[j].Length);
                    j++;
                }
                ops.Add(new WriteOp { FileOffset = start, BufferOffset = BufferPos(start), Length = end - start, Holes = covered != end - start });
                i = j;
            }
        }
        byte* buf = CycleBuffer(comm.Rank, parity);
        if (_ioError == null)
        {
            try
            {
                foreach (var op in ops)
                    if (op.Holes) file.ReadFully(op.FileOffset, new Span<byte>(buf + op.BufferOffset, (int)op.Length));
                byte* staging = _staging[0] == null ? null : Staging(0, 0, 0);
                for (int p = 0; p < n; p++)
                {
                    ref var piece = ref _pieces[p];
                    byte* src = piece.Local ? data + piece.Source : staging + piece.Source;
                    Buffer.MemoryCopy(src, buf + BufferPos(piece.Offset), piece.Length, piece.Length);
                }
            }
            catch (Exception e) when (e is not MpiException) { _ioError = e; }
        }
        if (_node != null) _node.WaitDone(_nodeRank[comm.Rank], parity, _node.LastContributors[parity]);
        if (_ioError != null || ops.Count == 0) return;
        nint address = (nint)buf;
        if (atomic || last)
        {
            // Atomic mode: lock each written range; done here, synchronously, so the lock spans the write. The
            // last cycle has nothing left to overlap with: a pool thread would only add a hand-over (and, on a
            // machine with more ranks than cores, a wait for a core).
            try { WriteOps(file, address, ops, atomic); }
            catch (Exception e) { _ioError = e; }
            return;
        }
        _pendingWrite[parity] = Task.Run(() => WriteOps(file, address, ops, atomic: false));
    }

    private static void WriteOps(IStorageFile file, nint buffer, List<WriteOp> ops, bool atomic)
    {
        foreach (var op in ops)
        {
            using var region = AtomicRegion.Enter(file, atomic, op.FileOffset, op.Length, write: true);
            file.WriteAt(op.FileOffset, new ReadOnlySpan<byte>((byte*)buffer + op.BufferOffset, (int)op.Length));
        }
    }

    private void Complete(int parity)
    {
        var t = _pendingWrite[parity];
        if (t == null) return;
        _pendingWrite[parity] = null;
        try { t.Wait(); }
        catch (AggregateException e) { _ioError ??= e.InnerException; }
    }

    private long RangeEndOf(long f)
    {
        foreach (var (x, y) in _aggRanges) if (f < y) return y;
        return long.MaxValue;
    }

    private void AggregateRead(Communicator comm, AccessRange[] ranges, int myAgg, int parity, byte* data, IStorageFile file, bool atomic, long readHole)
    {
        int n = Collect(comm, ranges, myAgg, parity, withData: false);
        if (n == 0) return;
        if (_node != null)
        {
            // Shared-memory cycle: PrepareShared read the cycle's ranges already; reply from the shared buffer.
            Reply(comm, n, CycleBuffer(comm.Rank, parity), parity, data);
            return;
        }
        // Read the union of the requested pieces, run by run; a gap smaller than readHole is read through.
        if (_order.Length < n)
        {
            _order = new int[Math.Max(n, _order.Length * 2)];
            _offsets = new long[_order.Length];
        }
        var order = _order;
        var offsets = _offsets;
        for (int i = 0; i < n; i++) { order[i] = i; offsets[i] = _pieces[i].Offset; }
        Array.Sort(offsets, order, 0, n);
        byte[] bufArray = _buffers[0]!;
        if (_ioError == null)
        {
            try
            {
                fixed (byte* buf = bufArray)
                {
                    int i = 0;
                    while (i < n)
                    {
                        ref var first = ref _pieces[order[i]];
                        long start = first.Offset, end = first.Offset + first.Length, rangeEnd = RangeEndOf(start);
                        int j = i + 1;
                        while (j < n)
                        {
                            ref var next = ref _pieces[order[j]];
                            if (next.Offset >= rangeEnd || next.Offset - end >= readHole) break;
                            end = Math.Max(end, next.Offset + next.Length);
                            j++;
                        }
                        using (AtomicRegion.Enter(file, atomic, start, end - start, write: false))
                            file.ReadFully(start, new Span<byte>(buf + BufferPos(start), (int)(end - start)));
                        i = j;
                    }
                }
            }
            catch (Exception e) when (e is not MpiException) { _ioError = e; }
        }
        fixed (byte* b = bufArray) Reply(comm, n, b, parity, data);
    }

    // Reply to each requester: its pieces, in its order, gathered slice by slice into the staging area (its
    // receives are posted straight into its data stream); this rank's own pieces are copied directly.
    private void Reply(Communicator comm, int n, byte* buf, int parity, byte* data)
    {
        long staged = 0;
        for (int i = 0; i < n; i++) if (!_pieces[i].Local) staged += _pieces[i].Length;
        byte* staging = Staging(parity, Math.Max(staged, 1), 0);
        long pos = 0;
        int p = 0;
        while (p < n)
        {
            int from = _pieces[p].From;
            if (_pieces[p].Local)
            {
                for (; p < n && _pieces[p].From == from; p++)
                {
                    ref var piece = ref _pieces[p];
                    Buffer.MemoryCopy(buf + BufferPos(piece.Offset), data + piece.Source, piece.Length, piece.Length);
                }
                continue;
            }
            // The pieces of one requester arrive in slice order; cut them back into its slices.
            long sliceStart = pos;
            for (; p < n && _pieces[p].From == from; p++)
            {
                ref var piece = ref _pieces[p];
                Buffer.MemoryCopy(buf + BufferPos(piece.Offset), staging + pos, piece.Length, piece.Length);
                pos += piece.Length;
            }
            SendSlices(comm, from, staging + sliceStart, pos - sliceStart);
        }
    }

    // The requester posted one receive per slice (lengths from its header); the reply is cut the same way.
    private readonly List<long> _replyLengths = [];
    private readonly List<(int From, int First, int Count)> _replyPlan = [];

    private void SendSlices(Communicator comm, int to, byte* bytes, long total)
    {
        long at = 0;
        foreach (var (from, first, count) in _replyPlan)
        {
            if (from != to) continue;
            for (int i = first; i < first + count; i++)
            {
                long len = _replyLengths[i];
                _inFlight.Add(comm.Isend(bytes + at, checked((int)len), to, TagReply));
                at += len;
            }
            break;
        }
        if (at != total) throw new InvalidOperationException($"two-phase read: reply to rank {to} has {total} bytes for slices of {at}.");
    }

    private sealed class PieceOrder : IComparer<Piece>
    {
        public static readonly PieceOrder Instance = new();
        public int Compare(Piece x, Piece y) => x.Offset.CompareTo(y.Offset);
    }
}
