using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Faults;
using MpiIo.Storage.Local;

namespace MpiIo.RankTests.Scenarios;

/// <summary>Collective access on every rank: global-index checks, agreement on failures, atomic mode, the memory bound.</summary>
public static class CollectiveScenarios
{
    public static IReadOnlyList<Scenario> All() =>
    [
        new("Darray32CubedGlobalIndex", Darray32CubedGlobalIndex),
        new("FailureOnOneRankSurfacesEverywhere", FailureOnOneRankSurfacesEverywhere),
        new("BadBufferOnOneRank", BadBufferOnOneRank),
        new("AutomaticDecision", AutomaticDecision),
        new("AtomicCollectiveWrites", AtomicCollectiveWrites),
        new("AggregatorMemoryBounded", AggregatorMemoryBounded),
        new("AggregatorsFollowHints", AggregatorsFollowHints),
        new("ReadPastEndOfFile", ReadPastEndOfFile),
        new("SharedExchangeAcrossFiles", SharedExchangeAcrossFiles),
        new("OverlappingViewReadOnly", OverlappingViewReadOnly),
    ];

    private static int[] Grid(int p) => p switch { 1 => [1, 1, 1], 2 => [2, 1, 1], 4 => [2, 2, 1], 9 => [3, 3, 1], 8 => [2, 2, 2], _ => [p, 1, 1] };

    private static void Darray32CubedGlobalIndex(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        const int n = 32;
        var grid = Grid(w.Size);
        var darray = Datatype.Darray(w.Size, w.Rank, [n, n, n], [Distribution.Block, Distribution.Block, Distribution.Block],
            [Datatype.DefaultDarg, Datatype.DefaultDarg, Datatype.DefaultDarg], grid, Order.C, Datatype.Int).Commit();
        // This rank's elements in view order are the global indices its darray covers, ascending.
        int local = (int)(darray.Size / 4);
        var values = new int[local];
        var cursor = new TypeCursor(darray, 1);
        int k = 0;
        while (cursor.Next(long.MaxValue, out long off, out long len))
            for (long b = 0; b < len; b += 4) values[k++] = (int)((off + b) / 4);
        c.Equal(local, k, "elements");
        foreach (var cb in new[] { "enable", "disable" })
        {
            var name = dir.File($"darray-{cb}");
            using (var fh = MpiFile.Open(w, name, FileMode.Create | FileMode.WriteOnly, new Dictionary<string, string> { ["romio_cb_write"] = cb, ["cb_buffer_size"] = "8192" }))
            {
                fh.SetView(0, Datatype.Int, darray);
                fh.WriteAll<int>(values);
            }
            w.Barrier();
            if (w.Rank == 0)
            {
                var bytes = File.ReadAllBytes(name);
                c.Equal(4 * n * n * n, bytes.Length, "file size");
                var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes);
                for (int i = 0; i < ints.Length; i++) if (ints[i] != i) { c.Fail($"{cb}: element {i} holds {ints[i]}"); break; }
            }
            using (var fh = MpiFile.Open(w, name, FileMode.ReadOnly, new Dictionary<string, string> { ["romio_cb_read"] = cb }))
            {
                fh.SetView(0, Datatype.Int, darray);
                var back = new int[local];
                var st = fh.ReadAll<int>(back);
                c.Equal(4L * local, st.Bytes, "read bytes");
                c.SequenceEqual<int>(values, back, $"{cb}: read back");
            }
        }
    }

    private static void FailureOnOneRankSurfacesEverywhere(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        // Every rank registers the same prefix; only the last rank's plan fails its first write (a full disk).
        var plan = new FaultPlan();
        if (w.Rank == w.Size - 1) plan.FailWrite(1, ErrorClass.NoSpace);
        StorageDrivers.Register(new FaultInjectingDriver(new LocalFileDriver(), plan));
        try
        {
            foreach (var cb in new[] { "enable", "disable" })
            {
                using var fh = MpiFile.Open(w, "fault-ufs:" + dir.File($"f-{cb}"), FileMode.Create | FileMode.ReadWrite,
                    new Dictionary<string, string> { ["romio_cb_write"] = cb, ["cb_config_list"] = "*:*" });
                fh.SetView(4L * w.Rank, Datatype.Int, Datatype.Resized(Datatype.Int, 0, 4L * w.Size).Commit());
                if (w.Rank == w.Size - 1) plan.FailWrite(1, ErrorClass.NoSpace);
                c.Throws<StorageException>(() => fh.WriteAll<int>(new int[1000]), e => e.ErrorClass == ErrorClass.NoSpace, $"cb={cb}: every rank sees the full disk");
                // The file is still usable collectively afterwards: nobody was left inside the failed call.
                fh.WriteAll<int>(new int[10]);
            }
        }
        finally
        {
            StorageDrivers.Unregister("fault-ufs");
        }
    }

    private static void BadBufferOnOneRank(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("bb"), FileMode.Create | FileMode.ReadWrite);
        int need = w.Rank == 0 ? 3 : 4; // rank 0's buffer holds 3 ints where 4 are asked for
        c.Throws<MpiException>(() => fh.WriteAtAll(4L * w.Rank * 4, new byte[4 * need], 4, Datatype.Int), e => e.ErrorClass == ErrorClass.Buffer, "same class on every rank");
        c.Equal(0L, fh.GetSize(), "nothing written");
        c.Throws<MpiException>(() => fh.ReadAtAll(w.Rank == 0 ? -1 : 0, new byte[4], 1, Datatype.Int), e => e.ErrorClass == ErrorClass.Arg, "negative offset on one rank");
    }

    private static void AutomaticDecision(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("auto"), FileMode.Create | FileMode.ReadWrite);
        // Disjoint contiguous blocks: no interleaving, so each rank writes its own.
        fh.WriteAtAll<int>(1000L * 4 * w.Rank, new int[1000]);
        c.Equal(CollectivePath.Independent, fh.LastCollectivePath, "contiguous blocks");
        // Small interleaved pieces: two-phase (when there is more than one rank).
        fh.SetView(4L * w.Rank, Datatype.Int, Datatype.Resized(Datatype.Int, 0, 4L * w.Size).Commit());
        fh.WriteAll<int>(new int[1000]);
        c.Equal(w.Size > 1 ? CollectivePath.TwoPhase : CollectivePath.Independent, fh.LastCollectivePath, "4-byte interleaved pieces");
        // Large interleaved pieces: written in place.
        var big = Datatype.Resized(Datatype.Contiguous(1 << 17, Datatype.Byte).Commit(), 0, (1L << 17) * w.Size).Commit();
        fh.SetView((1L << 17) * w.Rank, Datatype.Byte, big);
        fh.WriteAll<byte>(new byte[1 << 19]);
        c.Equal(CollectivePath.Independent, fh.LastCollectivePath, "128 KiB interleaved pieces");
    }

    // MPI allows overlapping filetype blocks on a read-only file. Such a view has no file order to cut into
    // domains, so the collective read goes independent on every rank, even when two-phase is forced.
    private static void OverlappingViewReadOnly(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var name = dir.File("ints");
        if (w.Rank == 0)
        {
            var ints = new int[64];
            for (int i = 0; i < ints.Length; i++) ints[i] = i;
            File.WriteAllBytes(name, System.Runtime.InteropServices.MemoryMarshal.AsBytes<int>(ints).ToArray());
        }
        w.Barrier();
        // Ints {0,1} and {1,2} from this rank's displacement: 4 ints per copy, the copy's extent 3 ints.
        var overlapping = Datatype.Indexed([2, 2], [0, 1], Datatype.Int).Commit();
        int[] expected = [0, 1, 1, 2, 3, 4, 4, 5];
        for (int i = 0; i < expected.Length; i++) expected[i] += 8 * w.Rank;
        foreach (var cb in new[] { "enable", "automatic" })
        {
            using var fh = MpiFile.Open(w, name, FileMode.ReadOnly, new Dictionary<string, string> { ["romio_cb_read"] = cb });
            fh.SetView(32L * w.Rank, Datatype.Int, overlapping);
            var back = new int[expected.Length];
            var st = fh.ReadAll<int>(back);
            c.Equal(32L, st.Bytes, $"{cb}: bytes read");
            c.SequenceEqual<int>(expected, back, $"{cb}: ReadAll through the overlapping view");
            c.Equal(CollectivePath.Independent, fh.LastCollectivePath, $"{cb}: path");
            var again = new int[expected.Length];
            fh.ReadAt<int>(0, again);
            c.SequenceEqual<int>(expected, again, $"{cb}: ReadAt through the overlapping view");
        }
    }

    // Two files on the same ranks use the process's one node exchange (the same window id on every rank of a
    // node); on one node their rounds then run in shared memory, and failures are still agreed there.
    private static void SharedExchangeAcrossFiles(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var node = w.SplitShared();
        var hints = new Dictionary<string, string> { ["romio_cb_write"] = "enable", ["romio_cb_read"] = "enable", ["cb_buffer_size"] = "4096" };
        var view = Datatype.Resized(Datatype.Int, 0, 4L * w.Size).Commit();
        var ids = new long[2];
        bool shared = node.Size > 1 && !MpiFile.CollectivesRunInBackground;
        for (int f = 0; f < 2; f++)
        {
            var values = new int[3000];
            for (int i = 0; i < values.Length; i++) values[i] = (i * w.Size + w.Rank) ^ (f << 20);
            using var fh = MpiFile.Open(w, dir.File($"x{f}"), FileMode.Create | FileMode.ReadWrite, hints);
            fh.SetView(4L * w.Rank, Datatype.Int, view);
            fh.WriteAll<int>(values);
            ids[f] = fh.SharedExchangeId;
            var back = new int[values.Length];
            fh.Seek(0, Whence.Set);
            fh.ReadAll<int>(back);
            c.SequenceEqual<int>(values, back, $"file {f} read back");
            c.Equal(shared && node.Size == w.Size, fh.SharedRounds, $"file {f}: rounds in shared memory");
            if (fh.SharedRounds)
            {
                int need = w.Rank == 0 ? 3 : 4;
                c.Throws<MpiException>(() => fh.WriteAtAll(0, new byte[4 * need], 4, Datatype.Int), e => e.ErrorClass == ErrorClass.Buffer, "buffer error agreed in shared memory");
                c.Throws<MpiException>(() => fh.ReadAtAll(w.Rank == w.Size - 1 ? -1 : 0, new byte[4], 1, Datatype.Int), e => e.ErrorClass == ErrorClass.Arg, "offset error agreed in shared memory");
                fh.ReadAtAll<int>(0, back.AsSpan(0, 10));
                c.SequenceEqual<int>(values.AsSpan(0, 10), back.AsSpan(0, 10), $"file {f} usable after agreed failures");
            }
        }
        c.Equal(shared, ids[0] != 0, "a node of several ranks shares an exchange (unless collectives run in the background)");
        c.Equal(ids[0], ids[1], "the second file uses the first one's exchange");
        var nodeIds = node.Allgather(ids[1]);
        foreach (long id in nodeIds) c.Equal(ids[1], id, "every rank of the node agrees on it");
    }

    private static void AtomicCollectiveWrites(Communicator w, RankCheck c)
    {
        if (w.Size < 2) return;
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("atomic"), FileMode.Create | FileMode.ReadWrite, new Dictionary<string, string> { ["romio_cb_write"] = "enable" });
        fh.SetAtomicity(true);
        // Every rank writes the whole range; in atomic mode the result is one rank's data, never a mix per chunk.
        var data = new int[4096];
        data.AsSpan().Fill(w.Rank + 1);
        fh.WriteAtAll<int>(0, data);
        w.Barrier();
        var back = new int[4096];
        fh.ReadAt<int>(0, back);
        c.True(back[0] >= 1 && back[0] <= w.Size, "some rank's data");
        c.True(fh.GetAtomicity(), "atomic");
    }

    private static void AggregatorMemoryBounded(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        const int cb = 1 << 16;
        using var fh = MpiFile.Open(w, dir.File("mem"), FileMode.Create | FileMode.ReadWrite,
            new Dictionary<string, string> { ["romio_cb_write"] = "enable", ["cb_buffer_size"] = cb.ToString() });
        // 4 MiB per rank in 512-byte pieces: far more pieces and bytes than the buffers hold.
        fh.SetView(512L * w.Rank, Datatype.Byte, Datatype.Resized(Datatype.Contiguous(512, Datatype.Byte).Commit(), 0, 512L * w.Size).Commit());
        fh.WriteAll<byte>(new byte[4 << 20]);
        bool aggregator = fh.Aggregators.Contains(w.Rank);
        long held = fh.CollectiveBufferBytes;
        if (aggregator) c.True(held > 0 && held <= 3L * cb, $"aggregator holds {held} bytes for cb_buffer_size {cb}");
        else c.Equal(0L, held, "non-aggregators hold no buffers");
    }

    private static void AggregatorsFollowHints(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        // Each node's ranks, in node order (a node is named by its first rank), from MPI's own node split.
        using var node = w.SplitShared();
        int leader = node.Bcast(w.Rank, 0);
        var leaderOf = w.Allgather(leader);
        var nodes = leaderOf.Distinct().Select(l => Enumerable.Range(0, w.Size).Where(r => leaderOf[r] == l).ToArray()).ToArray();
        int[] RoundRobin(int perNode, int cap)
        {
            var list = new List<int>();
            for (int i = 0; ; i++)
            {
                bool any = false;
                foreach (var n in nodes) if (i < perNode && i < n.Length) { list.Add(n[i]); any = true; }
                if (!any) break;
            }
            return list.Take(cap).OrderBy(r => r).ToArray();
        }
        void Expect(Dictionary<string, string> hints, int[] expected, string what)
        {
            using var fh = MpiFile.Open(w, dir.File("agg"), FileMode.Create | FileMode.ReadWrite, hints);
            c.SequenceEqual<int>(expected, fh.Aggregators.ToArray(), what);
            c.Equal(string.Join(' ', expected), fh.GetInfo()["romio_aggregator_list"], what + " in GetInfo");
            c.Equal(expected.Length.ToString(), fh.GetInfo()["cb_nodes"], what + ": effective cb_nodes");
        }
        Expect([], RoundRobin(1, int.MaxValue), "default: one per node");
        Expect(new() { ["cb_config_list"] = "*:*" }, Enumerable.Range(0, w.Size).ToArray(), "*:*");
        Expect(new() { ["cb_config_list"] = "*:*", ["cb_nodes"] = "2" }, RoundRobin(int.MaxValue, 2), "cb_nodes caps, spread over nodes");
        Expect(new() { ["cb_config_list"] = "*:2" }, RoundRobin(2, int.MaxValue), "*:2");
        c.Throws<MpiException>(() => Expect(new() { ["cb_config_list"] = "*:lots" }, [], "bad"), e => e.ErrorClass == ErrorClass.InfoValue, "malformed list");
    }

    private static void ReadPastEndOfFile(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("eof"), FileMode.Create | FileMode.ReadWrite, new Dictionary<string, string> { ["romio_cb_read"] = "enable" });
        if (w.Rank == 0) fh.WriteAt<int>(0, new int[10]);
        fh.Sync();
        fh.SetView(4L * w.Rank, Datatype.Int, Datatype.Resized(Datatype.Int, 0, 4L * w.Size).Commit());
        var buf = new int[8];
        var st = fh.ReadAll<int>(buf);
        long expected = 4L * Enumerable.Range(0, 8).Count(i => i * w.Size + w.Rank < 10);
        c.Equal(expected, st.Bytes, "bytes before the end of file");
    }
}
