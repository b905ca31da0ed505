using System.Runtime.InteropServices;
using MpiIo.Mpi;

namespace MpiIo.RankTests.Scenarios;

/// <summary>The MPI binding's collectives, point-to-point, windows and atomics against hand-computed results.</summary>
public static class BindingScenarios
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Pair : IEquatable<Pair>
    {
        public int A;
        public double B;
        public bool Equals(Pair o) => A == o.A && B == o.B;
        public override string ToString() => $"({A}, {B})";
    }

    public static IReadOnlyList<Scenario> All() =>
    [
        new("Barrier", (w, c) => { w.Barrier(); w.Barrier(); }),
        new("Bcast", Bcast),
        new("BcastStruct", BcastStruct),
        new("Reduce", Reduce),
        new("AllreduceOps", AllreduceOps),
        new("AllreduceInPlace", AllreduceInPlace),
        new("ScanExscan", ScanExscan),
        new("Gather", Gather),
        new("Gatherv", Gatherv),
        new("Allgather", Allgather),
        new("Allgatherv", Allgatherv),
        new("Scatter", Scatter),
        new("Scatterv", Scatterv),
        new("Alltoall", Alltoall),
        new("Alltoallv", Alltoallv),
        new("SendRecvRing", SendRecvRing),
        new("NonblockingRing", NonblockingRing),
        new("WaitAnyTest", WaitAnyTest),
        new("Probe", Probe),
        new("SplitDupCompare", SplitDupCompare),
        new("SplitShared", SplitShared),
        new("SharedWindowFence", SharedWindowFence),
        new("FetchAndOpAllRanks", FetchAndOpAllRanks),
        new("CompareAndSwapLock", CompareAndSwapLock),
        new("Info", Info),
        new("ProcessorNameWtime", ProcessorNameWtime),
    ];

    private static void Bcast(Communicator w, RankCheck c)
    {
        for (int root = 0; root < w.Size; root++)
        {
            var buf = new long[1000];
            if (w.Rank == root) for (int i = 0; i < buf.Length; i++) buf[i] = i * 7 + root;
            w.Bcast<long>(buf, root);
            for (int i = 0; i < buf.Length; i++)
                if (buf[i] != i * 7 + root) { c.Fail($"root {root}: buf[{i}] = {buf[i]}"); break; }
            var bytes = new byte[1 << 20];
            if (w.Rank == root) for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 31 + root);
            w.Bcast<byte>(bytes, root);
            for (int i = 0; i < bytes.Length; i++)
                if (bytes[i] != (byte)(i * 31 + root)) { c.Fail($"root {root}: bytes[{i}] = {bytes[i]}"); break; }
            c.Equal(root * 3.5, w.Bcast(w.Rank == root ? root * 3.5 : -1.0, root), "scalar bcast");
        }
    }

    private static void BcastStruct(Communicator w, RankCheck c)
    {
        var p = new Pair[3];
        if (w.Rank == 0) for (int i = 0; i < 3; i++) p[i] = new Pair { A = i + 10, B = i / 4.0 };
        w.Bcast<Pair>(p, 0);
        for (int i = 0; i < 3; i++) c.Equal(new Pair { A = i + 10, B = i / 4.0 }, p[i], $"pair {i}");
    }

    private static void Reduce(Communicator w, RankCheck c)
    {
        int n = w.Size;
        int[] mine = [w.Rank, w.Rank * 2, 1];
        var result = new int[3];
        w.Reduce<int>(mine, result, Op.Sum, n - 1);
        if (w.Rank == n - 1) c.SequenceEqual<int>([n * (n - 1) / 2, n * (n - 1), n], result, "sum at last rank");
        else c.SequenceEqual<int>([0, 0, 0], result, "non-root result untouched");
        var prod = new double[1];
        w.Reduce<double>([w.Rank + 1.0], prod, Op.Prod, 0);
        double fact = 1; for (int i = 1; i <= n; i++) fact *= i;
        if (w.Rank == 0) c.Equal(fact, prod[0], "product");
    }

    private static void AllreduceOps(Communicator w, RankCheck c)
    {
        int n = w.Size, r = w.Rank;
        c.Equal(n * (n - 1) / 2, w.Allreduce(r, Op.Sum), "int sum");
        c.Equal((long)n * (n - 1) / 2 * (1L << 40), w.Allreduce((long)r << 40, Op.Sum), "long sum");
        c.Equal(n - 1.0, w.Allreduce((double)r, Op.Max), "double max");
        c.Equal(0f, w.Allreduce((float)r, Op.Min), "float min");
        c.Equal(n == 1, w.Allreduce(r == 0, Op.LogicalAnd), "land");
        c.Equal(true, w.Allreduce(r == 0, Op.LogicalOr), "lor");
        int band = -1, bor = 0;
        for (int i = 0; i < n; i++) { band &= 0xff ^ (1 << i); bor |= 1 << i; }
        c.Equal(band, w.Allreduce(0xff ^ (1 << r), Op.BitwiseAnd), "band");
        c.Equal(bor, w.Allreduce(1 << r, Op.BitwiseOr), "bor");
        c.Equal((uint)n, w.Allreduce(1u, Op.Sum), "uint sum");
        var v = new ulong[] { (ulong)r, 1, ulong.MaxValue / 8 };
        var s = new ulong[3];
        w.Allreduce<ulong>(v, s, Op.Max);
        c.SequenceEqual<ulong>([(ulong)(n - 1), 1, ulong.MaxValue / 8], s, "ulong max");
    }

    private static void AllreduceInPlace(Communicator w, RankCheck c)
    {
        var v = new int[] { 1, w.Rank, -w.Rank };
        w.Allreduce<int>(v, Op.Sum);
        int n = w.Size;
        c.SequenceEqual<int>([n, n * (n - 1) / 2, -n * (n - 1) / 2], v, "in place");
    }

    private static void ScanExscan(Communicator w, RankCheck c)
    {
        int r = w.Rank;
        c.Equal((r + 1) * (r + 2) / 2, w.Scan(r + 1, Op.Sum), "scan");
        c.Equal(r * (r + 1) / 2, w.Exscan(r + 1, Op.Sum), "exscan (rank 0 gets identity 0)");
        c.Equal(r == 0 ? -7L : r - 1, w.Exscan((long)r, Op.Max, -7), "exscan max");
        var res = new long[2];
        w.Scan<long>([r, 2], res, Op.Sum);
        c.SequenceEqual<long>([r * (r + 1) / 2, 2 * (r + 1)], res, "scan span");
    }

    private static void Gather(Communicator w, RankCheck c)
    {
        int n = w.Size;
        var all = new short[2 * n];
        w.Gather<short>([(short)w.Rank, (short)(100 + w.Rank)], all, 0);
        if (w.Rank == 0)
            for (int i = 0; i < n; i++) { c.Equal((short)i, all[2 * i], "g0"); c.Equal((short)(100 + i), all[2 * i + 1], "g1"); }
    }

    // Rank i contributes i+1 values equal to i; placed in reverse rank order with a gap of one.
    private static (int[] counts, int[] displs, int total) VLayout(int n)
    {
        var counts = new int[n];
        var displs = new int[n];
        int pos = 0;
        for (int i = n - 1; i >= 0; i--) { counts[i] = i + 1; displs[i] = pos; pos += i + 2; }
        return (counts, displs, pos);
    }

    private static void Gatherv(Communicator w, RankCheck c)
    {
        var (counts, displs, total) = VLayout(w.Size);
        var mine = Enumerable.Repeat(w.Rank, w.Rank + 1).ToArray();
        var all = Enumerable.Repeat(-1, total).ToArray();
        w.Gatherv<int>(mine, all, counts, displs, 0);
        if (w.Rank == 0) CheckVLayout(c, all, counts, displs);
    }

    private static void CheckVLayout(RankCheck c, int[] all, int[] counts, int[] displs)
    {
        for (int i = 0; i < counts.Length; i++)
        {
            for (int k = 0; k < counts[i]; k++) c.Equal(i, all[displs[i] + k], $"block {i}[{k}]");
            c.Equal(-1, all[displs[i] + counts[i]], $"gap after block {i}");
        }
    }

    private static void Allgather(Communicator w, RankCheck c)
    {
        var all = w.Allgather(w.Rank * 10);
        for (int i = 0; i < w.Size; i++) c.Equal(i * 10, all[i], $"allgather[{i}]");
        var bytes = new byte[3 * w.Size];
        w.Allgather<byte>([(byte)w.Rank, 7, 9], bytes);
        for (int i = 0; i < w.Size; i++) c.SequenceEqual<byte>([(byte)i, 7, 9], bytes.AsSpan(3 * i, 3), $"bytes of {i}");
    }

    private static void Allgatherv(Communicator w, RankCheck c)
    {
        var (counts, displs, total) = VLayout(w.Size);
        var all = Enumerable.Repeat(-1, total).ToArray();
        w.Allgatherv<int>(Enumerable.Repeat(w.Rank, w.Rank + 1).ToArray(), all, counts, displs);
        CheckVLayout(c, all, counts, displs);
    }

    private static void Scatter(Communicator w, RankCheck c)
    {
        int root = w.Size - 1;
        var src = w.Rank == root ? Enumerable.Range(0, 2 * w.Size).Select(i => i * 1.5).ToArray() : [];
        var mine = new double[2];
        w.Scatter<double>(src, mine, root);
        c.SequenceEqual<double>([2 * w.Rank * 1.5, (2 * w.Rank + 1) * 1.5], mine, "scatter");
    }

    private static void Scatterv(Communicator w, RankCheck c)
    {
        var (counts, displs, total) = VLayout(w.Size);
        int[] src = [];
        if (w.Rank == 0)
        {
            src = new int[total];
            for (int i = 0; i < w.Size; i++) for (int k = 0; k < counts[i]; k++) src[displs[i] + k] = i * 100 + k;
        }
        var mine = new int[w.Rank + 1];
        w.Scatterv<int>(src, counts, displs, mine, 0);
        for (int k = 0; k <= w.Rank; k++) c.Equal(w.Rank * 100 + k, mine[k], $"scatterv[{k}]");
    }

    private static void Alltoall(Communicator w, RankCheck c)
    {
        int n = w.Size;
        var send = new int[2 * n];
        for (int j = 0; j < n; j++) { send[2 * j] = w.Rank * 1000 + j; send[2 * j + 1] = -j; }
        var recv = new int[2 * n];
        w.Alltoall<int>(send, recv);
        for (int i = 0; i < n; i++) { c.Equal(i * 1000 + w.Rank, recv[2 * i], $"from {i}"); c.Equal(-w.Rank, recv[2 * i + 1], $"from {i} second"); }
    }

    private static void Alltoallv(Communicator w, RankCheck c)
    {
        // Rank r sends j+1 values (r*10+j) to rank j.
        int n = w.Size, r = w.Rank;
        var sc = new int[n]; var sd = new int[n]; var rc = new int[n]; var rd = new int[n];
        int spos = 0, rpos = 0;
        for (int j = 0; j < n; j++) { sc[j] = j + 1; sd[j] = spos; spos += j + 1; rc[j] = r + 1; rd[j] = rpos; rpos += r + 1; }
        var send = new long[spos];
        for (int j = 0; j < n; j++) for (int k = 0; k < sc[j]; k++) send[sd[j] + k] = r * 10 + j;
        var recv = new long[rpos];
        w.Alltoallv<long>(send, sc, sd, recv, rc, rd);
        for (int i = 0; i < n; i++) for (int k = 0; k < rc[i]; k++) c.Equal((long)(i * 10 + r), recv[rd[i] + k], $"from {i}[{k}]");
    }

    private static void SendRecvRing(Communicator w, RankCheck c)
    {
        int next = (w.Rank + 1) % w.Size, prev = (w.Rank + w.Size - 1) % w.Size;
        var buf = new int[4];
        var st = w.Sendrecv<int>([w.Rank, 1, 2, 3], next, 5, buf, prev, 5);
        c.SequenceEqual<int>([prev, 1, 2, 3], buf, "sendrecv");
        c.Equal(prev, st.Source, "source");
        c.Equal(5, st.Tag, "tag");
        c.Equal(4, st.GetCount<int>(), "count");
        c.Equal(16L, st.ByteCount, "bytes");
    }

    private static void NonblockingRing(Communicator w, RankCheck c)
    {
        int n = w.Size, r = w.Rank;
        var recvs = new Memory<double>[n];
        var reqs = new List<Request>();
        for (int j = 0; j < n; j++)
        {
            recvs[j] = new double[1000];
            reqs.Add(w.Irecv(recvs[j], j, 77));
        }
        for (int j = 0; j < n; j++)
        {
            var data = new double[1000];
            for (int k = 0; k < data.Length; k++) data[k] = r * 1e6 + j * 1e3 + k;
            reqs.Add(w.Isend<double>(data, j, 77));
        }
        Request.WaitAll(reqs.ToArray());
        c.True(reqs.All(q => q.IsCompleted), "all completed");
        for (int i = 0; i < n; i++)
        {
            var got = recvs[i].Span;
            for (int k = 0; k < got.Length; k++)
                if (got[k] != i * 1e6 + r * 1e3 + k) { c.Fail($"from {i}: [{k}] = {got[k]}"); break; }
            c.Equal(i, reqs[i].Status.Source, "status source");
        }
    }

    private static void WaitAnyTest(Communicator w, RankCheck c)
    {
        int n = w.Size, r = w.Rank;
        var reqs = new Request[n];
        var bufs = new int[n][];
        for (int j = 0; j < n; j++) { bufs[j] = new int[1]; reqs[j] = w.Irecv<int>(bufs[j], j, 9); }
        // Send after everyone has posted, in reverse order, so completions arrive out of order.
        w.Barrier();
        for (int j = n - 1; j >= 0; j--) w.Send<int>([r * 10 + j], j, 9);
        var seen = new bool[n];
        for (int k = 0; k < n; k++)
        {
            int idx = Request.WaitAny(reqs);
            if (idx < 0 || seen[idx]) { c.Fail($"WaitAny returned {idx}"); break; }
            seen[idx] = true;
            c.Equal(idx * 10 + r, bufs[idx][0], $"payload from {idx}");
        }
        c.Equal(-1, Request.WaitAny(reqs), "WaitAny with nothing active");
        var one = new int[1];
        var rq = w.Irecv<int>(one, r, 10);
        c.True(!rq.Test(), "Test before the send");
        w.Send<int>([42], r, 10);
        while (!rq.Test()) { }
        c.Equal(42, one[0], "self message");
    }

    private static void Probe(Communicator w, RankCheck c)
    {
        int next = (w.Rank + 1) % w.Size, prev = (w.Rank + w.Size - 1) % w.Size;
        var sreq = w.Isend<byte>(new byte[123 + w.Rank], next, 3);
        var st = w.Probe(Communicator.AnySource, 3);
        c.Equal(prev, st.Source, "probe source");
        c.Equal(123 + prev, st.GetCount<byte>(), "probe count");
        var buf = new byte[st.GetCount<byte>()];
        w.Recv<byte>(buf, st.Source, 3);
        sreq.Wait();
        w.Barrier();
        c.True(!w.Iprobe(Communicator.AnySource, 3, out _), "nothing left to probe");
    }

    private static void SplitDupCompare(Communicator w, RankCheck c)
    {
        using var dup = w.Dup();
        c.Equal(Comparison.Congruent, w.Compare(dup), "dup is congruent");
        c.Equal(Comparison.Identical, w.Compare(w), "self identical");
        using var half = w.Split(w.Rank % 2, -w.Rank)!;
        int expectedSize = (w.Size + 1 - w.Rank % 2) / 2;
        c.Equal(expectedSize, half.Size, "split size");
        // Keys are -rank, so the highest world rank of the color is rank 0.
        int sameColorHigher = 0;
        for (int i = w.Rank + 1; i < w.Size; i++) if (i % 2 == w.Rank % 2) sameColorHigher++;
        c.Equal(sameColorHigher, half.Rank, "split rank follows key");
        c.Equal(half.Size * (w.Rank % 2 == 0 ? 0 : 1), half.Allreduce(w.Rank % 2, Op.Sum), "allreduce in split");
        var none = w.Split(-1, 0);
        c.True(none == null, "negative color gets no communicator");
        using var g = w.GetGroup();
        using var hg = half.GetGroup();
        c.Equal(w.Size, g.Size, "group size");
        var tr = hg.TranslateRanks([0], g);
        int expectHighest = w.Rank;
        for (int i = w.Rank; i < w.Size; i += 2) expectHighest = i;
        c.Equal(expectHighest, tr[0], "translate rank 0 of split");
    }

    private static void SplitShared(Communicator w, RankCheck c)
    {
        using var node = w.SplitShared();
        // One host: every rank shares memory with every other, unless MPICH was told to split it into cliques.
        int cliques = int.TryParse(Environment.GetEnvironmentVariable("MPIR_CVAR_NUM_CLIQUES"), out var k) && k > 1 ? k : 1;
        int expected = cliques == 1 ? w.Size : w.Size / cliques + (w.Rank % cliques < w.Size % cliques ? 1 : 0);
        c.Equal(expected, node.Size, "node size");
        c.Equal(node.Size, node.Allreduce(1, Op.Sum), "node allreduce");
    }

    private static unsafe void SharedWindowFence(Communicator w, RankCheck c)
    {
        using var node = w.SplitShared();
        using var win = Window.AllocateShared(node, 4096 + 8 * node.Rank, 8);
        var mine = win.LocalSpan;
        win.Fence();
        MemoryMarshal.Cast<byte, long>(mine).Fill(1000 + node.Rank);
        win.Fence();
        for (int i = 0; i < node.Size; i++)
        {
            var (p, size, unit) = win.SharedQuery(i);
            c.Equal(4096L + 8 * i, size, $"segment {i} size");
            c.Equal(8, unit, "disp unit");
            var seg = MemoryMarshal.Cast<byte, long>(win.SharedSpan(i));
            c.Equal(1000L + i, seg[0], $"first long of {i}");
            c.Equal(1000L + i, seg[^1], $"last long of {i}");
        }
        win.Fence();
        c.True(!win.IsDisposed, "alive");
    }

    private static void FetchAndOpAllRanks(Communicator w, RankCheck c)
    {
        const int per = 200;
        using var win = Window.Allocate(w, w.Rank == 0 ? 8 : 0, 8);
        if (w.Rank == 0) win.LocalSpan.Clear();
        w.Barrier();
        var got = new long[per];
        win.LockAll();
        for (int i = 0; i < per; i++) got[i] = win.FetchAndOp(1L, 0, 0, Op.Sum);
        win.FlushAll();
        win.UnlockAll();
        w.Barrier();
        win.Lock(LockType.Shared, 0);
        long final = win.FetchAndOp(0L, 0, 0, Op.NoOp);
        win.Unlock(0);
        c.Equal((long)per * w.Size, final, "counter");
        // Every fetched value is unique across ranks: gather them all and check they are 0..N-1.
        var all = new long[per * w.Size];
        w.Allgather<long>(got, all);
        Array.Sort(all);
        for (int i = 0; i < all.Length; i++) if (all[i] != i) { c.Fail($"fetched values not a permutation at {i}: {all[i]}"); break; }
        w.Barrier();
    }

    private static void CompareAndSwapLock(Communicator w, RankCheck c)
    {
        // A spin lock made of CAS guards a non-atomic read-modify-write of a shared counter.
        using var win = Window.Allocate(w, w.Rank == 0 ? 16 : 0, 8);
        if (w.Rank == 0) win.LocalSpan.Clear();
        w.Barrier();
        win.LockAll();
        for (int it = 0; it < 20; it++)
        {
            while (win.CompareAndSwap(w.Rank + 1L, 0L, 0, 0) != 0L) { }
            var v = new long[1];
            win.Get<long>(v, 0, 1);
            win.Flush(0);
            win.Put<long>([v[0] + 1], 0, 1);
            win.Flush(0);
            long prev = win.CompareAndSwap(0L, w.Rank + 1L, 0, 0);
            c.Equal(w.Rank + 1L, prev, "lock held by me");
        }
        win.UnlockAll();
        w.Barrier();
        if (w.Rank == 0) c.Equal(20L * w.Size, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(win.LocalSpan)[1], "guarded counter");
        w.Barrier();
    }

    private static void Info(Communicator w, RankCheck c)
    {
        using var info = MpiInfo.Create([new("cb_nodes", "2"), new("romio_cb_write", "enable")]);
        c.True(info.TryGet("cb_nodes", out var v) && v == "2", "get cb_nodes");
        c.Equal("enable", info["romio_cb_write"], "indexer");
        c.Equal<string?>(null, info["nope"], "missing key");
        c.SequenceEqual<string>(["cb_nodes", "romio_cb_write"], info.Keys.ToArray(), "keys");
        using var dup = info.Dup();
        info.Delete("cb_nodes");
        c.Equal(1, info.Keys.Count, "after delete");
        c.Equal(2, dup.Keys.Count, "dup unaffected");
        c.Throws<MpiException>(() => info.Delete("cb_nodes"), e => e.ErrorClass == ErrorClass.InfoNoKey, "delete missing key");
        c.Throws<MpiException>(() => info.Set(new string('k', 300), "x"), e => e.ErrorClass == ErrorClass.InfoKey, "key too long");
    }

    private static void ProcessorNameWtime(Communicator w, RankCheck c)
    {
        c.True(MpiEnvironment.ProcessorName.Length > 0, "processor name");
        double t0 = MpiEnvironment.Wtime();
        Thread.Sleep(5);
        double t1 = MpiEnvironment.Wtime();
        c.True(t1 - t0 >= 0.004 && t1 - t0 < 5, $"Wtime advanced {t1 - t0}");
        c.True(MpiEnvironment.Wtick() > 0, "Wtick");
        c.True(MpiEnvironment.StandardVersion.Major >= 3, "MPI >= 3");
        c.True(MpiEnvironment.LibraryVersion.Contains("MPICH", StringComparison.OrdinalIgnoreCase), "MPICH library");
    }
}
