using System.Diagnostics;
using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Faults;
using MpiIo.Storage.Local;
using MpiIo.Windows;

namespace MpiIo.RankTests.Scenarios;

/// <summary>
/// File windows: node-shared copies of a file range with lazy release consistency. The cross-node
/// scenarios run with <c>MPIR_CVAR_NUM_CLIQUES=2</c>, so one host acts as two nodes; the benchmarks run
/// only when <c>MPIIO_WINDOW_BENCH=1</c>.
/// </summary>
public static class WindowScenarios
{
    public static IReadOnlyList<Scenario> All()
    {
        var all = new List<Scenario>
        {
            new("MultipleWritersSamePages", MultipleWritersSamePages),
            new("ReaderSeesOldUntilAcquire", ReaderSeesOldUntilAcquire),
            new("AcquireKeepsUnreleasedChanges", AcquireKeepsUnreleasedChanges),
            new("SingleWriterWholePages", SingleWriterWholePages),
            new("FenceAfterScatteredWrites", FenceAfterScatteredWrites),
            new("FlushAndInvalidate", FlushAndInvalidate),
            new("LazyReadOnlyReadsOnlyTouched", LazyReadOnlyReadsOnlyTouched),
            new("LazyWritableFillsOnWrite", LazyWritableFillsOnWrite),
            new("DriversSameResults", DriversSameResults),
            new("TypedViewsAndChunks", TypedViewsAndChunks),
            new("ErrorClasses", ErrorClasses),
            new("ReadOnlyOneCopy", ReadOnlyOneCopy),
            new("SievedReleaseKeepsOtherWriters", SievedReleaseKeepsOtherWriters),
            new("ReleaseFailureKeepsChanges", ReleaseFailureKeepsChanges),
            new("MapReadFailureAgreed", MapReadFailureAgreed),
        };
        all.AddRange(WindowCacheScenarios.All());
        // Only a run over another driver has something to compare the local file system with.
        if (Environment.GetEnvironmentVariable("MPIIO_WINDOW_PREFIX") is { Length: > 0 })
            all.Add(new("StripedSameAsLocal", StripedSameAsLocal));
        if (Environment.GetEnvironmentVariable("MPIIO_WINDOW_BENCH") == "1")
        {
            all.Add(new("BenchMapVersusCollectiveRead", WindowBenchmarks.MapVersusCollectiveRead));
            all.Add(new("BenchSparseRelease", WindowBenchmarks.SparseRelease));
        }
        return all;
    }

    internal static byte Pattern(long fileOffset) => (byte)(fileOffset * 7 + 3);

    // The file of a driver-independent scenario: in the shared directory, or, with MPIIO_WINDOW_PREFIX
    // (e.g. "pvfs:"), under that driver's root.
    private static string Name(SharedDirectory dir, string name) =>
        Environment.GetEnvironmentVariable("MPIIO_WINDOW_PREFIX") is { Length: > 0 } prefix
            ? $"{prefix}/{System.IO.Path.GetFileName(dir.Path)}-{name}"
            : dir.File(name);

    // Rank 0 writes `length` pattern bytes; every rank then has the file open read-write.
    internal static MpiFile CreatePatterned(Communicator w, string path, long length)
    {
        var fh = MpiFile.Open(w, path, FileMode.Create | FileMode.ReadWrite);
        if (w.Rank == 0)
        {
            var data = new byte[Math.Min(length, 1 << 24)];
            for (long at = 0; at < length; at += data.Length)
            {
                int n = (int)Math.Min(data.Length, length - at);
                for (int i = 0; i < n; i++) data[i] = Pattern(at + i);
                fh.WriteAt<byte>(at, data.AsSpan(0, n));
            }
        }
        w.Barrier();
        return fh;
    }

    private static byte[] ReadFile(MpiFile fh, long offset, int length)
    {
        var b = new byte[length];
        fh.ReadAt<byte>(offset, b);
        return b;
    }

    // Which node this rank is on (0 or 1 with two cliques), numbered by the world rank of the node's first rank.
    private static (int Node, int Nodes) NodeOf(Communicator w, FileWindow win)
    {
        int leader = win.NodeCommunicator.Bcast(w.Rank, 0);
        var leaders = w.Allgather(leader);
        var distinct = leaders.Distinct().Order().ToArray();
        return (Array.IndexOf(distinct, leader), distinct.Length);
    }

    // The nodes a run should see: two with MPIR_CVAR_NUM_CLIQUES=2 (and at least two ranks), else one.
    private static int ExpectedNodes(Communicator w) =>
        Math.Min(w.Size, Environment.GetEnvironmentVariable("MPIR_CVAR_NUM_CLIQUES") == "2" ? 2 : 1);

    // Every rank changes bytes i with i % size == rank in pages 0..4 of an unaligned window, so each page
    // has changes of both nodes and of both ranks of a node; after release + acquire all see all.
    private static void MultipleWritersSamePages(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        const long fileOffset = 100;
        const int length = 40_000, changed = 5 * 4096;
        using var fh = CreatePatterned(w, Name(dir, "mw"), 50_000);
        using var win = FileWindow.Map(fh, fileOffset, length);
        var (_, nodes) = NodeOf(w, win);
        c.Equal(ExpectedNodes(w), nodes, "nodes");
        c.Equal(10, win.PageCount, "pages");
        for (int i = w.Rank; i < changed; i += w.Size) win.Write(i, [(byte)(0xA0 + w.Rank)]);
        win.Release();
        w.Barrier();
        win.Acquire();
        var view = win.Span;
        for (int i = 0; i < length; i++)
        {
            byte expected = i < changed ? (byte)(0xA0 + i % w.Size) : Pattern(fileOffset + i);
            if (view[i] != expected) { c.Fail($"window byte {i} = {view[i]:x2}, expected {expected:x2}"); break; }
        }
        var file = ReadFile(fh, fileOffset, length);
        for (int i = 0; i < length; i++)
        {
            byte expected = i < changed ? (byte)(0xA0 + i % w.Size) : Pattern(fileOffset + i);
            if (file[i] != expected) { c.Fail($"file byte {fileOffset + i} = {file[i]:x2}, expected {expected:x2}"); break; }
        }
        // Diffs: each node writes only the bytes it changed.
        var stats = win.Statistics;
        long mine = 0;
        for (int i = w.Rank; i < changed; i += w.Size) if (Pattern(fileOffset + i) != (byte)(0xA0 + w.Rank)) mine++;
        long nodeChanged = win.NodeCommunicator.Allreduce(mine, Op.Sum);
        c.Equal(nodeChanged, stats.BytesWritten, "bytes written = bytes changed");
        c.Equal(1L, stats.Releases, "one release");
    }

    private static void ReaderSeesOldUntilAcquire(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = CreatePatterned(w, Name(dir, "old"), 3 * 4096);
        using var win = FileWindow.Map(fh, 0, 3 * 4096);
        var (node, nodes) = NodeOf(w, win);
        // Without a second node the reader below would not exist and the scenario would prove nothing.
        c.Equal(ExpectedNodes(w), nodes, "nodes");
        const long at = 4096 + 17;
        if (node == 0)
        {
            if (win.NodeCommunicator.Rank == 0) win.Write(at, [0x5A, 0x5B]);
            win.NodeCommunicator.Barrier();
            c.Equal((byte)0x5A, win.Span[(int)at], "the writer's node sees its change at once");
            win.Release();
        }
        w.Barrier();
        if (node != 0)
        {
            c.Equal(Pattern(at), win.Span[(int)at], "not acquired: old byte");
            c.Equal(Pattern(at + 1), win.Span[(int)at + 1], "not acquired: old byte");
        }
        w.Barrier();
        win.Acquire();
        c.Equal((byte)0x5A, win.Span[(int)at], "after acquire: new byte");
        c.Equal((byte)0x5B, win.Span[(int)at + 1], "after acquire: new byte");
        long refreshed = win.Statistics.PagesRefreshed;
        c.Equal(node != 0 ? 1L : 0L, refreshed, "only the released page is re-read, and only by the other node");
        if (nodes < 2) c.Equal(0L, refreshed, "one node re-reads nothing");
        win.Fence();
    }

    // A node that changed bytes of a page and has not released keeps them when it acquires another
    // node's change to the same page; its release then writes only its own bytes.
    private static void AcquireKeepsUnreleasedChanges(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = CreatePatterned(w, Name(dir, "keep"), 8192);
        using var win = FileWindow.Map(fh, 0, 8192);
        var (node, nodes) = NodeOf(w, win);
        bool lead = win.NodeCommunicator.Rank == 0;
        int other = nodes - 1; // the second node, or the only one
        if (node == other && lead) win.Write(10, [0x11]);
        if (node == 0 && lead) win.Write(20, [0x22]);
        if (node == 0) win.Release();
        w.Barrier();
        win.Acquire();
        var view = win.Span;
        c.Equal((byte)0x22, view[20], "the other node's released byte");
        c.Equal(nodes > 1 && node == 0 ? Pattern(10) : (byte)0x11, view[10], "the unreleased byte (kept by its node only)");
        if (node == other && other != 0) win.Release();
        w.Barrier();
        win.Acquire();
        c.Equal((byte)0x11, win.Span[10], "after both releases");
        c.Equal((byte)0x22, win.Span[20], "after both releases");
        var file = ReadFile(fh, 0, 8192);
        c.Equal((byte)0x11, file[10], "file byte 10");
        c.Equal((byte)0x22, file[20], "file byte 20");
        c.Equal(Pattern(11), file[11], "untouched byte");
    }

    private static void SingleWriterWholePages(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        const int pages = 8, page = 1024;
        using var fh = CreatePatterned(w, Name(dir, "sw"), pages * page);
        using var win = FileWindow.Map(fh, 0, pages * page, new FileWindowOptions { PageSize = page, WriterMode = WriterMode.Single });
        // Rank r owns pages r, r + size, ...: changes one byte in each.
        for (int p = w.Rank; p < pages; p += w.Size) win.GetWritableSpan(p * page + 5, 1)[0] = (byte)(0x80 + p);
        win.Fence();
        for (int p = 0; p < pages; p++) c.Equal((byte)(0x80 + p), win.Span[p * page + 5], $"page {p}");
        var file = ReadFile(fh, 0, pages * page);
        for (int p = 0; p < pages; p++) c.Equal((byte)(0x80 + p), file[p * page + 5], $"file page {p}");
        long written = w.Allreduce(win.NodeCommunicator.Rank == 0 ? win.Statistics.BytesWritten : 0, Op.Sum);
        c.Equal((long)pages * page, written, "single-writer mode writes whole pages");
        // Switching to multiple writers: from now on diffs.
        win.SetWriterMode(WriterMode.Multiple);
        c.Equal(WriterMode.Multiple, win.WriterMode, "mode switched");
        if (w.Rank == 0) win.Write(3, [1, 2, 3]);
        win.Fence();
        long after = w.Allreduce(win.NodeCommunicator.Rank == 0 ? win.Statistics.BytesWritten : 0, Op.Sum);
        c.Equal((long)pages * page + 3, after, "multiple-writer mode writes the changed bytes");
    }

    // 1% of the bytes of 10% of the pages, scattered, then Fence: every rank sees every change.
    private static void FenceAfterScatteredWrites(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        const int length = 1 << 20;
        using var fh = CreatePatterned(w, Name(dir, "sc"), length);
        using var win = FileWindow.Map(fh, 0, length);
        var rng = new Random(42); // the same sequence everywhere: each rank applies its share of it
        var changes = new List<(int At, byte Value)>();
        for (int page = 0; page < win.PageCount; page += 10)
            for (int k = 0; k < 41; k++) changes.Add((page * 4096 + rng.Next(4096), (byte)rng.Next(256)));
        var expected = new byte[length];
        for (int i = 0; i < length; i++) expected[i] = Pattern(i);
        for (int i = 0; i < changes.Count; i++)
        {
            expected[changes[i].At] = changes[i].Value;
            if (i % w.Size == w.Rank) win.Write(changes[i].At, [changes[i].Value]);
        }
        win.Fence();
        int mismatches = 0;
        var view = win.Span;
        var written = new HashSet<(int, byte)>(changes);
        for (int i = 0; i < length; i++)
        {
            // A byte written by two ranks ends up from either: both are valid.
            if (view[i] != expected[i] && !written.Contains((i, view[i]))) mismatches++;
        }
        c.Equal(0, mismatches, "bytes differing from the expected image");
    }

    private static void FlushAndInvalidate(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = CreatePatterned(w, Name(dir, "fi"), 4 * 4096);
        using var win = FileWindow.Map(fh, 0, 4 * 4096);
        var (node, _) = NodeOf(w, win);
        bool lead = win.NodeCommunicator.Rank == 0;
        if (node == 0)
        {
            if (lead) win.Write(100, [0x77]);
            win.Flush(0, 4096);
            // Flush writes the whole dirty page now, without a release.
            if (lead) c.Equal((byte)0x77, ReadFile(fh, 100, 1)[0], "flushed byte in the file");
            c.Equal(4096L, win.Statistics.BytesWritten, "flush writes a whole page");
            win.Release();
        }
        w.Barrier();
        if (node != 0)
        {
            // Drop the copy of page 0 and re-read it: the flushed and released byte appears without acquire.
            if (lead) win.Write(200, [0x33]);
            win.Invalidate(50, 200);
            c.Equal((byte)0x77, win.Span[100], "invalidate re-reads");
            c.Equal(Pattern(200), win.Span[200], "invalidate forgets unreleased changes");
            win.Release();
            c.Equal(Pattern(200), ReadFile(fh, 200, 1)[0], "a forgotten change is not written");
        }
        w.Barrier();
    }

    // famfs's use: a read-only window filled lazily; a node reads only the pages it touches.
    private static void LazyReadOnlyReadsOnlyTouched(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        const int length = 64 * 4096;
        using (var fh = CreatePatterned(w, Name(dir, "lazy"), length)) { }
        using var ro = MpiFile.Open(w, Name(dir, "lazy"), FileMode.ReadOnly);
        using var win = FileWindow.Map(ro, 0, length, new FileWindowOptions { ReadOnly = true, Fill = WindowFill.Lazy });
        var (node, _) = NodeOf(w, win);
        c.Equal(0L, win.Statistics.BytesRead, "nothing read at map");
        win.NodeCommunicator.Barrier();
        if (node == 0)
        {
            // Both ranks of the node touch everything at once; every page is read once.
            win.Touch(0, length);
            var all = win.Span;
            for (int i = 0; i < length; i++) if (all[i] != Pattern(i)) { c.Fail($"byte {i}"); break; }
        }
        else
        {
            var part = win.GetSpan(5 * 4096 + 10, 100);
            for (int i = 0; i < part.Length; i++) if (part[i] != Pattern(5 * 4096 + 10 + i)) { c.Fail($"byte {i}"); break; }
        }
        win.NodeCommunicator.Barrier();
        c.Equal(node == 0 ? (long)length : 4096L, win.Statistics.BytesRead, "bytes the node read");
        c.Throws<MpiException>(() => win.Release(), e => e.ErrorClass == ErrorClass.ReadOnly, "release of a read-only window");
        c.Throws<MpiException>(() => win.BeginWrite(0, 1), e => e.ErrorClass == ErrorClass.ReadOnly, "write to a read-only window");
        win.Acquire(); // nothing to do, no error
        win.Fence();
    }

    private static void LazyWritableFillsOnWrite(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        const int length = 16 * 4096;
        using var fh = CreatePatterned(w, Name(dir, "lw"), length);
        using var win = FileWindow.Map(fh, 0, length, new FileWindowOptions { Fill = WindowFill.Lazy });
        win.Write(4096L * w.Rank + 1, [0xEE]);
        c.Equal(Pattern(4096L * w.Rank), win.Span[4096 * w.Rank], "the rest of a lazily filled page was read");
        win.Fence();
        for (int r = 0; r < w.Size; r++) c.Equal((byte)0xEE, win.GetSpan(4096L * r + 1, 1)[0], $"rank {r}'s byte");
        var file = ReadFile(fh, 0, length);
        for (int r = 0; r < w.Size; r++) c.Equal((byte)0xEE, file[4096 * r + 1], $"file: rank {r}'s byte");
        c.Equal(Pattern(4096L * w.Size + 1), file[4096 * w.Size + 1], "untouched");
    }

    // The same workload over the local file system and the memory driver (each rank alone, since memory
    // files live in one process) ends with the same bytes in the window and in the file.
    private static void DriversSameResults(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var results = new List<byte[]>();
        foreach (var name in new[] { dir.File($"drv{w.Rank}"), $"mem:/window-drv-{w.Rank}-{Guid.NewGuid():N}" })
        {
            using (var fh = MpiFile.Open(Communicator.Self, name, FileMode.Create | FileMode.ReadWrite))
            {
                var init = new byte[20_000];
                for (int i = 0; i < init.Length; i++) init[i] = Pattern(i);
                fh.WriteAt<byte>(0, init);
                using (var win = FileWindow.Map(fh, 333, 30_000, new FileWindowOptions { PageSize = 1024 }))
                {
                    c.Equal((byte)0, win.Span[25_000], "beyond the end of a writable file reads zero");
                    win.GetWritableSpan<int>(8, 4).Fill(-1);
                    win.Write(19_000, new byte[2000].Select((_, i) => (byte)i).ToArray());
                    win.Release();
                    win.Write(40, [9]);
                    win.Invalidate(0, 100);
                    win.Write(29_990, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
                    win.Flush(29_000, 1000);
                    win.Fence();
                    results.Add(win.Span.ToArray());
                }
                results.Add(ReadFile(fh, 0, (int)fh.GetSize()));
            }
            if (name.StartsWith("mem:", StringComparison.Ordinal)) MpiFile.Delete(name);
        }
        c.SequenceEqual<byte>(results[0], results[2], "window bytes, local vs mem");
        c.SequenceEqual<byte>(results[1], results[3], "file bytes, local vs mem");
        c.Equal(333 + 30_000, results[1].Length, "the write-back extended the file");
        c.Equal((byte)0xFF, results[1][333 + 8], "typed write reached the file");
        c.Equal(Pattern(333 + 40), results[1][333 + 40], "invalidated change not written");
    }

    // One workload over the local file system and over MPIIO_WINDOW_PREFIX's driver (the striped file
    // system in the tests), on the file's whole communicator: the windows and the files end byte-identical.
    private static void StripedSameAsLocal(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var local = WindowWorkload(w, dir.File("same"));
        var other = WindowWorkload(w, Name(dir, "same"));
        c.SequenceEqual<byte>(local.Window, other.Window, "window bytes, local vs " + Name(dir, "same"));
        c.SequenceEqual<byte>(local.File, other.File, "file bytes, local vs " + Name(dir, "same"));
        c.SequenceEqual<byte>(local.Lazy, other.Lazy, "lazily read bytes, local vs " + Name(dir, "same"));
        // The workload did what it should, so equal results are not equally wrong ones.
        c.Equal(1000 + 45_400, local.File.Length, "the write-back extended the file");
        c.Equal((byte)(w.Size - 1), local.File[1000 + 45_000], "the typed write beyond the old end");
        c.Equal((byte)(7 % w.Size + 7), local.File[1000 + 21], "a multiple-writer byte");
        c.Equal(Pattern(1000 + 22), local.File[1000 + 22], "an unchanged byte between changed ones");
    }

    private static (byte[] Window, byte[] File, byte[] Lazy) WindowWorkload(Communicator w, string path)
    {
        const long offset = 1000;
        using var fh = CreatePatterned(w, path, 40_000);
        byte[] window;
        using (var win = FileWindow.Map(fh, offset, 50_000, new FileWindowOptions { PageSize = 1024 }))
        {
            // Every rank changes every third byte it owns in the first 18 000 bytes: each page has bytes of every rank.
            for (int i = w.Rank; i < 6000; i += w.Size) win.Write(3L * i, [(byte)(i % w.Size + i)]);
            win.Release();
            w.Barrier();
            win.Acquire();
            if (w.Rank == w.Size - 1) win.GetWritableSpan<int>(45_000, 100).Fill(w.Rank * 0x01010101);
            win.Fence();
            window = win.Span.ToArray();
        }
        var file = ReadFile(fh, 0, (int)fh.GetSize());
        using var lazy = FileWindow.Map(fh, 0, file.Length, new FileWindowOptions { ReadOnly = true, Fill = WindowFill.Lazy, PageSize = 512 });
        var part = lazy.GetSpan(900, 20_000).ToArray();
        return (window, file, part);
    }

    private static void TypedViewsAndChunks(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, Name(dir, "typed"), FileMode.Create | FileMode.ReadWrite);
        if (w.Rank == 0) fh.WriteAt<double>(0, Enumerable.Range(0, 1000).Select(i => i * 0.5).ToArray());
        w.Barrier();
        using var win = FileWindow.Map(fh, 0, 8000);
        var doubles = win.AsSpan<double>();
        c.Equal(1000, doubles.Length, "typed length");
        c.Equal(499.5, doubles[999], "typed value");
        c.Equal(2.5, win.GetSpan<double>(40, 1)[0], "typed span at an offset");
        c.Equal(1, win.ChunkCount, "chunks");
        c.Equal(8000, win.GetChunk(0).Length, "chunk length");
        c.Equal(8000, win.Memory.Length, "memory length");
        c.True(win.Memory.Span.SequenceEqual(win.Span), "memory and span alias");
        unsafe { c.True(win.Pointer[8] == win.Span[8], "pointer"); }
        if (w.Rank == w.Size - 1) win.GetWritableSpan<double>(8 * 10, 2).Fill(-1.0);
        win.Fence();
        var back = new double[3];
        fh.ReadAt<double>(8 * 9, back);
        c.SequenceEqual<double>([4.5, -1.0, -1.0], back, "typed writes in the file");
    }

    private static bool IsClass(Exception e, ErrorClass k) => MpiIo.Errors.IoErrors.ClassOf(e) == k;

    private static void ErrorClasses(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using (var fh = CreatePatterned(w, dir.File("err"), 10_000))
        {
            c.Throws<Exception>(() => FileWindow.Map(fh, -1, 10), e => IsClass(e, ErrorClass.Arg), "negative offset");
            c.Throws<Exception>(() => FileWindow.Map(fh, 0, 0), e => IsClass(e, ErrorClass.Arg), "zero length");
            c.Throws<Exception>(() => FileWindow.Map(fh, 0, 10, new FileWindowOptions { PageSize = 3000 }), e => IsClass(e, ErrorClass.Arg), "page size");
            if (w.Size > 1) c.Throws<Exception>(() => FileWindow.Map(fh, w.Rank, 10), e => IsClass(e, ErrorClass.NotSame), "offsets differ");
            var win = FileWindow.Map(fh, 0, 10_000);
            c.Throws<MpiException>(() => win.BeginWrite(9_999, 2), e => e.ErrorClass == ErrorClass.Arg, "write past the window");
            c.Throws<MpiException>(() => win.GetSpan(-1, 2), e => e.ErrorClass == ErrorClass.Arg, "negative span offset");
            c.Throws<MpiException>(() => win.GetChunk(1), e => e.ErrorClass == ErrorClass.Arg, "chunk index");
            c.Throws<MpiException>(() => win.GetSpan<int>(0, -1), e => e.ErrorClass == ErrorClass.Count, "negative typed count");
            c.Throws<MpiException>(() => win.GetWritableSpan<long>(0, int.MaxValue), e => e.ErrorClass == ErrorClass.Count, "typed count over 2 GiB");
            c.Throws<MpiException>(() => win.Invalidate(0, 10_001), e => e.ErrorClass == ErrorClass.Arg, "invalidate past the window");
            // One rank of the node passes a bad range: every rank of the node gets the error, none hangs.
            bool bad = win.NodeCommunicator.Rank == win.NodeCommunicator.Size - 1;
            c.Throws<Exception>(() => win.Flush(0, bad ? 10_001 : 10), e => IsClass(e, ErrorClass.Arg), "flush with a bad range on one rank");
            c.Throws<MpiException>(() => win.SetWriterMode((WriterMode)7), e => e.ErrorClass == ErrorClass.Arg, "unknown writer mode");
            win.Free();
            c.True(win.IsFreed, "freed");
            c.Throws<MpiException>(() => win.Release(), e => e.ErrorClass == ErrorClass.Win, "release after free");
            c.Throws<MpiException>(() => _ = win.Span, e => e.ErrorClass == ErrorClass.Win, "span after free");
            c.Throws<MpiException>(() => win.Write(0, [1]), e => e.ErrorClass == ErrorClass.Win, "write after free");
            win.Free(); // twice is harmless
        }
        using var ro = MpiFile.Open(w, dir.File("err"), FileMode.ReadOnly);
        c.Throws<Exception>(() => FileWindow.Map(ro, 0, 10_001, FileWindowOptions.ReadOnlyEager), e => IsClass(e, ErrorClass.Arg), "read-only beyond EOF");
        c.Throws<Exception>(() => FileWindow.Map(ro, 0, 100), e => IsClass(e, ErrorClass.ReadOnly), "writable window of a read-only file");
        using var rw = FileWindow.Map(ro, 9_000, 1_000, FileWindowOptions.ReadOnlyEager);
        c.Equal(Pattern(9_999), rw.Span[999], "read-only window up to EOF");
        c.Throws<MpiException>(() => rw.Release(), e => e.ErrorClass == ErrorClass.ReadOnly, "release of a read-only window");
        c.Throws<MpiException>(() => rw.Flush(0, 1), e => e.ErrorClass == ErrorClass.ReadOnly, "flush of a read-only window");
        using var wo = MpiFile.Open(w, dir.File("err"), FileMode.WriteOnly);
        c.Throws<Exception>(() => FileWindow.Map(wo, 0, 100), e => IsClass(e, ErrorClass.Access), "write-only file");
        c.Throws<Exception>(() => FileWindow.Map(ro, 0, 100, new FileWindowOptions { ReadOnly = true, SieveGap = -1 }), e => IsClass(e, ErrorClass.Arg), "negative sieve gap");
        StorageDrivers.Register(new NoLocksDriver());
        using var nolocks = MpiFile.Open(w, "nolocks:" + dir.File("err"), FileMode.ReadWrite);
        c.Throws<Exception>(() => FileWindow.Map(nolocks, 0, 100, new FileWindowOptions { SieveGap = 64 }), e => IsClass(e, ErrorClass.UnsupportedOperation), "sieving without locks");
        using (var exact = FileWindow.Map(nolocks, 0, 100)) c.Equal(Pattern(7), exact.Span[7], "exact diffs need no locks");
    }

    // The local driver without byte-range locks.
    private sealed class NoLocksDriver : IStorageDriver
    {
        private readonly LocalFileDriver _inner = new();
        public string Prefix => "nolocks";
        public DriverFeatures Features => _inner.Features & ~DriverFeatures.Locks;
        public IStorageFile Open(string path, StorageOpenMode mode, IReadOnlyDictionary<string, string> hints) => new File(_inner.Open(path, mode, hints));
        public void Delete(string path) => _inner.Delete(path);
        public bool Exists(string path) => _inner.Exists(path);

        private sealed class File(IStorageFile inner) : IStorageFile
        {
            public DriverFeatures Features => inner.Features & ~(DriverFeatures.Locks | DriverFeatures.AtomicMode | DriverFeatures.DataSievingWrites);
            public string Path => inner.Path;
            public StripingLayout? Striping => inner.Striping;
            public int ReadAt(long offset, Span<byte> buffer) => inner.ReadAt(offset, buffer);
            public void WriteAt(long offset, ReadOnlySpan<byte> data) => inner.WriteAt(offset, data);
            public long ReadList(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer) => inner.ReadList(blocks, buffer);
            public void WriteList(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data) => inner.WriteList(blocks, data);
            public void Flush() => inner.Flush();
            public void SetSize(long size) => inner.SetSize(size);
            public void Preallocate(long size) => inner.Preallocate(size);
            public long GetSize() => inner.GetSize();
            public RangeLock Lock(long offset, long length, bool exclusive) => throw new StorageException(ErrorClass.UnsupportedOperation, "no locks");
            public void Dispose() => inner.Dispose();
        }
    }

    // With a sieve gap, runs of one node merge into extents whose other bytes are re-read under a lock:
    // the other node's bytes in between survive.
    private static void SievedReleaseKeepsOtherWriters(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        const int length = 3 * 4096;
        using var fh = CreatePatterned(w, dir.File("sieve"), length);
        using var win = FileWindow.Map(fh, 0, length, new FileWindowOptions { SieveGap = 64 });
        for (int i = 4 * w.Rank; i < length; i += 4 * w.Size) win.Write(i, [0xC0, 0xC1]);
        win.Fence();
        var file = ReadFile(fh, 0, length);
        int bad = 0;
        for (int i = 0; i < length; i++)
        {
            byte expected = (i % 4) switch { 0 => 0xC0, 1 => 0xC1, _ => Pattern(i) };
            if (file[i] != expected || win.Span[i] != expected) bad++;
        }
        c.Equal(0, bad, "bytes differing after sieved releases");
        if (w.Size > 1) c.True(win.Statistics.BlocksWritten < length / (4 * w.Size) * win.NodeCommunicator.Size, "runs merged into fewer blocks");
    }

    // A write that fails during release raises the same class on every rank of the node; the changes stay
    // tracked, and the next release writes them.
    private static void ReleaseFailureKeepsChanges(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var plan = new FaultPlan();
        StorageDrivers.Register(new FaultInjectingDriver(new LocalFileDriver(), plan));
        string name = "fault-ufs:" + dir.File("rf");
        using (var init = CreatePatterned(w, dir.File("rf"), 4 * 4096)) { }
        using var fh = MpiFile.Open(w, name, FileMode.ReadWrite);
        using var win = FileWindow.Map(fh, 0, 4 * 4096);
        win.Write(4096L * (w.Rank % 4) + w.Rank, [0xDD]);
        if (win.NodeCommunicator.Rank == 0) plan.FailWrite(1, ErrorClass.NoSpace);
        c.Throws<Exception>(() => win.Release(), e => IsClass(e, ErrorClass.NoSpace), "release with a failing write");
        win.Fence();
        var file = ReadFile(fh, 0, 4 * 4096);
        for (int r = 0; r < w.Size; r++) c.Equal((byte)0xDD, file[4096 * (r % 4) + r], $"rank {r}'s byte after the retry");
    }

    // A read that fails while mapping fails the map on every rank, and leaves nothing behind.
    private static void MapReadFailureAgreed(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var plan = new FaultPlan();
        StorageDrivers.Register(new FaultInjectingDriver(new LocalFileDriver(), plan));
        using (var init = CreatePatterned(w, dir.File("mf"), 8 * 4096)) { }
        using var fh = MpiFile.Open(w, "fault-ufs:" + dir.File("mf"), FileMode.ReadWrite);
        if (w.Rank == 0) plan.FailRead(1, ErrorClass.IO);
        c.Throws<Exception>(() => FileWindow.Map(fh, 0, 8 * 4096), e => IsClass(e, ErrorClass.IO), "map with a failing read");
        using var again = FileWindow.Map(fh, 0, 8 * 4096);
        c.Equal(Pattern(8 * 4096 - 1), again.Span[8 * 4096 - 1], "a later map works");
    }

    // A node maps a file read-only (256 MiB with MPIIO_WINDOW_MIB=256, else 16 MiB): one copy in shared
    // memory, no private copies.
    private static unsafe void ReadOnlyOneCopy(Communicator w, RankCheck c)
    {
        long length = (Environment.GetEnvironmentVariable("MPIIO_WINDOW_MIB") is { } mib ? long.Parse(mib, System.Globalization.CultureInfo.InvariantCulture) : 16) << 20;
        using var dir = new SharedDirectory(w);
        using (var fh = CreatePatterned(w, dir.File("big"), length)) { }
        using var ro = MpiFile.Open(w, dir.File("big"), FileMode.ReadOnly);
        long anonBefore = StatusKiB("RssAnon"), shmemBefore = StatusKiB("RssShmem");
        using var win = FileWindow.Map(ro, 0, length, FileWindowOptions.ReadOnlyEager);
        // Every rank reads the whole copy, so every rank maps every page of it.
        long sum = 0;
        var longs = win.AsSpan<long>();
        for (int i = 0; i < longs.Length; i += 512) sum += longs[i] & 0xFF;
        c.True(sum > 0, "read the copy");
        c.Equal(Pattern(length - 1), win.Span[(int)(length - 1)], "last byte");
        var node = win.NodeCommunicator;
        long segments = node.Allreduce(win.SegmentBytes, Op.Sum);
        c.True(segments >= length && segments < length + (length >> 4), $"the node's shared segments hold one copy: {segments} bytes");
        c.Equal(node.Rank == 0 ? segments : 0L, win.SegmentBytes, "the leader allocates, the others attach");
        long anonGrowth = (StatusKiB("RssAnon") - anonBefore) << 10, shmemGrowth = (StatusKiB("RssShmem") - shmemBefore) << 10;
        c.Equal(w.Size / ExpectedNodes(w), node.Size, "ranks sharing the node copy");
        if (node.Size > 1)
        {
            // (A one-rank "node" gets private memory from MPICH: there is nobody to share with.)
            c.True(anonGrowth < length / 8, $"no private copy: RssAnon grew by {anonGrowth} bytes");
            c.True(shmemGrowth >= length * 9 / 10, $"the copy is shared memory: RssShmem grew by {shmemGrowth} bytes");
            c.True(shmemGrowth <= length + length / 8, $"one copy of shared memory: RssShmem grew by {shmemGrowth} bytes for {length}");
            // Every rank maps the same shared-memory object (device and inode of the mapping holding the copy).
            var (device, inode) = MappedObject((nint)win.Pointer);
            c.True(inode != 0, "the copy is a shared file mapping");
            var all = node.Allgather(inode);
            var devices = node.Allgather(device);
            c.True(all.All(i => i == inode) && devices.All(d => d == device), $"one object on the node: inodes {string.Join(',', all)}");
        }
        if (w.Rank == 0) Console.Error.WriteLine($"ReadOnlyOneCopy {length >> 20} MiB: node segments {segments} B over {node.Size} ranks, RssShmem +{shmemGrowth >> 20} MiB, RssAnon +{anonGrowth >> 20} MiB per rank");
    }

    // The device (major << 32 | minor) and inode of the mapping that holds `address` (/proc/self/maps).
    private static (long Device, long Inode) MappedObject(nint address)
    {
        ulong a = (ulong)address;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var f = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var range = f[0].Split('-');
            ulong start = ulong.Parse(range[0], System.Globalization.NumberStyles.HexNumber), end = ulong.Parse(range[1], System.Globalization.NumberStyles.HexNumber);
            if (a < start || a >= end) continue;
            var dev = f[3].Split(':');
            long device = (long.Parse(dev[0], System.Globalization.NumberStyles.HexNumber) << 32) | long.Parse(dev[1], System.Globalization.NumberStyles.HexNumber);
            return (device, long.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture));
        }
        return (0, 0);
    }

    private static long StatusKiB(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }
}
