using MpiIo.Mpi;
using MpiIo.Windows;

namespace MpiIo.RankTests.Scenarios;

/// <summary>
/// The node segment a freed <see cref="FileWindow"/> leaves for the next map of the process: reuse, a reused
/// segment behaving as a new one, the bound, the explicit release, and freeing before <c>MPI_Finalize</c>.
/// Each scenario starts and ends with nothing kept, so the other window scenarios see new memory.
/// </summary>
public static class WindowCacheScenarios
{
    public static IEnumerable<Scenario> All()
    {
        yield return new("CacheReuseSeesNewFile", ReuseSeesNewFile);
        yield return new("CacheLazyReuseIsFresh", LazyReuseIsFresh);
        yield return new("CacheLargerMapAllocatesAnew", LargerMapAllocatesAnew);
        yield return new("CacheBound", Bound);
        yield return new("CacheReleaseCall", ReleaseCall);
        yield return new("CacheFreedWindowStillFails", FreedWindowStillFails);
        yield return new("CacheKeyedByNodeRanks", KeyedByNodeRanks);
        // Prints what is kept when the environment is disposed; run alone in a process of its own.
        if (Environment.GetEnvironmentVariable("MPIIO_WINDOW_FINALIZE_REPORT") == "1")
            yield return new("CacheFreedAtFinalize", FreedAtFinalize);
    }

    // A second file's bytes, unlike WindowScenarios.Pattern at every offset below 64 KiB.
    private static byte Other(long offset) => (byte)(offset * 13 + 101);

    // Rank 0 writes `length` bytes of Other; every rank then has the file open read-write.
    private static MpiFile CreateOther(Communicator w, string path, int length)
    {
        var fh = MpiFile.Open(w, path, FileMode.Create | FileMode.ReadWrite);
        if (w.Rank == 0)
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++) data[i] = Other(i);
            fh.WriteAt<byte>(0, data);
        }
        w.Barrier();
        return fh;
    }

    private static int Differences(ReadOnlySpan<byte> actual, Func<long, byte> expected)
    {
        int bad = 0;
        for (int i = 0; i < actual.Length; i++) if (actual[i] != expected(i)) bad++;
        return bad;
    }

    private static long LeaderSum(Communicator w, FileWindow win, long value) =>
        w.Allreduce(win.NodeCommunicator.Rank == 0 ? value : 0, Op.Sum);

    // A writable window over file A, changed and released on every rank (page states, counters and seen
    // write notices all move), is freed; a smaller writable window over file B, whose range reaches past
    // B's end, then reuses the segment and must look new: B's bytes, zeros past the end, zero counters, no
    // stale notices (an acquire refreshes nothing), and a release that writes only the bytes changed.
    private static void ReuseSeesNewFile(Communicator w, RankCheck c)
    {
        FileWindow.ReleaseCachedMemory(w);
        using var dir = new SharedDirectory(w);
        const int lengthA = 64 * 4096 + 100;
        using var a = WindowScenarios.CreatePatterned(w, dir.File("a"), lengthA);
        using (var first = FileWindow.Map(a, 0, lengthA))
        {
            c.True(!first.IsMemoryReused, "the first map allocates");
            for (int p = w.Rank; p < first.PageCount; p += w.Size) first.Write(4096L * p + 1, [0xAB]);
            first.Fence();
        }
        long kept = FileWindow.CachedBytes;
        c.True(kept > lengthA, $"the freed segment is kept: {kept} bytes");

        const int sizeB = 10_000, lengthB = 3 * 4096 + 5;
        using var b = CreateOther(w, dir.File("b"), sizeB);
        using (var win = FileWindow.Map(b, 0, lengthB))
        {
            c.True(win.IsMemoryReused, "the second map reuses the kept segment");
            c.Equal(0L, FileWindow.CachedBytes, "the segment left the cache");
            c.Equal(win.NodeCommunicator.Rank == 0 ? kept : 0L, win.SegmentBytes, "the reused segment, whole");
            c.Equal(0, Differences(win.Span, i => i < sizeB ? Other(i) : (byte)0), "bytes differing from file B (zeros past its end)");
            var s = win.Statistics;
            c.Equal(new FileWindowStatistics(lengthB, 0, 0, 0, 0), s, "counters of a new window");
            win.Acquire();
            c.Equal(0L, win.Statistics.PagesRefreshed, "no stale write notices: the acquire refreshes nothing");
            // No node releases before every node has acquired, or the release's notice would be refreshed.
            w.Barrier();
            byte[] change = [1, 2, 3];
            const long at = 4096 + 7;
            if (w.Rank == 0) win.Write(at, change);
            win.Release();
            long changed = 0;
            for (int i = 0; i < change.Length; i++) if (Other(at + i) != change[i]) changed++;
            c.Equal(changed, LeaderSum(w, win, win.Statistics.BytesWritten), "the release writes the changed bytes only");
            w.Barrier();
            var file = new byte[(int)b.GetSize()];
            b.ReadAt<byte>(0, file);
            c.Equal(sizeB, file.Length, "file B keeps its size");
            c.Equal(0, Differences(file, i => i >= at && i < at + change.Length ? change[i - at] : Other(i)), "bytes of file B differing from its content and the change");
        }
        c.True(FileWindow.CachedBytes == kept, "the segment is kept again");
        FileWindow.ReleaseCachedMemory(w);
    }

    // A lazy window over reused memory: untouched pages read as zero, as new memory does (not the bytes of
    // the window before), touched pages are read, each once per node, and pages past the end are zeros.
    private static void LazyReuseIsFresh(Communicator w, RankCheck c)
    {
        FileWindow.ReleaseCachedMemory(w);
        using var dir = new SharedDirectory(w);
        const int lengthA = 8 * 4096;
        using var a = WindowScenarios.CreatePatterned(w, dir.File("a"), lengthA);
        var lazy = new FileWindowOptions { Fill = WindowFill.Lazy };
        using (var first = FileWindow.Map(a, 0, lengthA, lazy))
        {
            first.Touch(0, lengthA);
            c.Equal(0, Differences(first.Span, WindowScenarios.Pattern), "file A through the lazy window");
        }
        const int sizeB = 10_000, lengthB = 4 * 4096;
        using var b = CreateOther(w, dir.File("b"), sizeB);
        using var win = FileWindow.Map(b, 0, lengthB, lazy);
        c.True(win.IsMemoryReused, "the second map reuses the kept segment");
        c.Equal(0L, win.Statistics.BytesRead, "nothing read at map");
        c.Equal(0, Differences(win.Span, _ => 0), "untouched bytes that are not zero");
        // Nobody of the node touches a page before all have looked at the untouched copy.
        win.NodeCommunicator.Barrier();
        var page1 = win.GetSpan(4096, 4096);
        c.Equal(0, Differences(page1, i => Other(4096 + i)), "page 1 read from file B");
        var page3 = win.GetSpan(3 * 4096, 4096);
        c.Equal(0, Differences(page3, _ => 0), "page 3, past the end of file B");
        win.NodeCommunicator.Barrier();
        c.Equal(2L * 4096, win.Statistics.BytesRead, "bytes the node read: the two touched pages");
        win.NodeCommunicator.Barrier();
        c.Equal(0, Differences(win.GetSpan(0, 4096), i => Other(i)), "page 0, touched last");
        win.Free();
        FileWindow.ReleaseCachedMemory(w);
    }

    // A map larger than the kept segment allocates anew and leaves the kept one alone; at its free the
    // larger segment replaces the smaller, and a later small map reuses the larger. Of two windows of one
    // node freed one after the other, the larger segment stays.
    private static void LargerMapAllocatesAnew(Communicator w, RankCheck c)
    {
        FileWindow.ReleaseCachedMemory(w);
        using var dir = new SharedDirectory(w);
        const int small = 8 * 4096, large = 64 * 4096;
        using var fh = WindowScenarios.CreatePatterned(w, dir.File("f"), large);
        using (var s = FileWindow.Map(fh, 0, small)) { }
        long keptSmall = FileWindow.CachedBytes;
        c.True(keptSmall > small, "the small segment is kept");
        long keptLarge;
        using (var l = FileWindow.Map(fh, 0, large))
        {
            c.True(!l.IsMemoryReused, "a larger map allocates anew");
            c.Equal(keptSmall, FileWindow.CachedBytes, "the small segment stays kept meanwhile");
            c.Equal(WindowScenarios.Pattern(large - 1), l.Span[large - 1], "last byte of the larger map");
            keptLarge = l.NodeCommunicator.Allreduce(l.SegmentBytes, Op.Sum);
        }
        c.Equal(keptLarge, FileWindow.CachedBytes, "the larger segment replaced the smaller");
        var x = FileWindow.Map(fh, 0, small);
        c.True(x.IsMemoryReused, "a small map reuses the larger segment");
        c.Equal(x.NodeCommunicator.Rank == 0 ? keptLarge : 0L, x.SegmentBytes, "the reused segment keeps its size");
        var y = FileWindow.Map(fh, 0, small);
        c.True(!y.IsMemoryReused, "nothing kept for a second window mapped at the same time");
        c.Equal(0, Differences(y.Span, WindowScenarios.Pattern) + Differences(x.Span, WindowScenarios.Pattern), "bytes of both windows differing from the file");
        y.Free();
        c.Equal(keptSmall, FileWindow.CachedBytes, "the first freed segment is kept");
        x.Free();
        c.Equal(keptLarge, FileWindow.CachedBytes, "the larger of the two stays kept");
        FileWindow.ReleaseCachedMemory(w);
    }

    // MaxCachedBytes: 0 or less than the segment frees it; when the ranks of a node differ the node keeps it
    // only if every rank allows it; a negative bound is an argument error that leaves the kept segment alone.
    private static void Bound(Communicator w, RankCheck c)
    {
        FileWindow.ReleaseCachedMemory(w);
        using var dir = new SharedDirectory(w);
        const int length = 16 * 4096;
        using var fh = WindowScenarios.CreatePatterned(w, dir.File("f"), length);
        c.True(FileWindowOptions.DefaultMaxCachedBytes >= 1L << 28, $"the default bound ({FileWindowOptions.DefaultMaxCachedBytes} bytes) keeps a window of hundreds of MiB");
        using (var none = FileWindow.Map(fh, 0, length, new FileWindowOptions { MaxCachedBytes = 0 })) { }
        c.Equal(0L, FileWindow.CachedBytes, "MaxCachedBytes = 0 keeps nothing");
        using (var under = FileWindow.Map(fh, 0, length, new FileWindowOptions { MaxCachedBytes = length })) { }
        c.Equal(0L, FileWindow.CachedBytes, "a segment larger than MaxCachedBytes (the data plus its page table) is not kept");
        using (var exact = FileWindow.Map(fh, 0, length))
        {
            long segment = exact.NodeCommunicator.Allreduce(exact.SegmentBytes, Op.Sum);
            exact.Free();
            c.Equal(segment, FileWindow.CachedBytes, "a segment within the default bound is kept");
        }
        FileWindow.ReleaseCachedMemory(w);

        // Only world rank 0 allows keeping: its node keeps the segment when it is alone there, no node otherwise.
        var mixed = new FileWindowOptions { MaxCachedBytes = w.Rank == 0 ? long.MaxValue : 0 };
        bool allowed;
        using (var win = FileWindow.Map(fh, 0, length, mixed))
        {
            allowed = win.NodeCommunicator.Allreduce(w.Rank == 0 ? 1 : 0, Op.Min) == 1;
        }
        c.Equal(allowed, FileWindow.CachedBytes > 0, "kept only where every rank of the node allows it");
        FileWindow.ReleaseCachedMemory(w);

        using (var kept = FileWindow.Map(fh, 0, length)) { }
        long before = FileWindow.CachedBytes;
        c.Throws<Exception>(() => FileWindow.Map(fh, 0, length, new FileWindowOptions { MaxCachedBytes = -1 }),
            e => MpiIo.Errors.IoErrors.ClassOf(e) == ErrorClass.Arg && e.Message.Contains("MaxCachedBytes", StringComparison.Ordinal), "negative MaxCachedBytes");
        c.Equal(before, FileWindow.CachedBytes, "a rejected map leaves the kept segment");
        if (w.Size > 1)
        {
            c.Throws<Exception>(() => FileWindow.Map(fh, w.Rank, 10), e => MpiIo.Errors.IoErrors.ClassOf(e) == ErrorClass.NotSame, "offsets differ");
            c.Equal(before, FileWindow.CachedBytes, "a map whose arguments differ leaves the kept segment");
        }
        using (var again = FileWindow.Map(fh, 0, length)) c.True(again.IsMemoryReused, "the kept segment still serves");
        FileWindow.ReleaseCachedMemory(w);
    }

    // ReleaseCachedMemory frees the kept segment when its node's ranks all call it: over MPI_COMM_SELF only
    // for a one-rank node; over the world always. The next map allocates anew.
    private static void ReleaseCall(Communicator w, RankCheck c)
    {
        FileWindow.ReleaseCachedMemory(w);
        using var dir = new SharedDirectory(w);
        const int length = 4 * 4096;
        using var fh = WindowScenarios.CreatePatterned(w, dir.File("f"), length);
        using (var win = FileWindow.Map(fh, 0, length)) { }
        long kept = FileWindow.CachedBytes;
        c.True(kept > 0, "kept after free");
        bool alone = fh.NodeCommunicator.Size == 1;
        c.Equal(alone ? kept : 0L, FileWindow.ReleaseCachedMemory(Communicator.Self), "released over MPI_COMM_SELF");
        c.Equal(alone ? 0L : kept, FileWindow.CachedBytes, "kept after the release over MPI_COMM_SELF");
        c.Equal(alone ? 0L : kept, FileWindow.ReleaseCachedMemory(w), "released over the world");
        c.Equal(0L, FileWindow.CachedBytes, "nothing kept");
        c.Equal(0L, FileWindow.ReleaseCachedMemory(w), "a second release frees nothing");
        using (var win = FileWindow.Map(fh, 0, length))
        {
            c.True(!win.IsMemoryReused, "after the release a map allocates");
            c.Equal(WindowScenarios.Pattern(length - 1), win.Span[length - 1], "last byte");
        }
        c.Throws<ArgumentNullException>(() => FileWindow.ReleaseCachedMemory(null!), _ => true, "null communicator");
        FileWindow.ReleaseCachedMemory(w);
    }

    // A freed window whose memory now serves another window still raises the freed-window error everywhere.
    private static void FreedWindowStillFails(Communicator w, RankCheck c)
    {
        FileWindow.ReleaseCachedMemory(w);
        using var dir = new SharedDirectory(w);
        const int length = 4 * 4096;
        using var fh = WindowScenarios.CreatePatterned(w, dir.File("f"), length);
        var old = FileWindow.Map(fh, 0, length);
        old.Free();
        using var next = FileWindow.Map(fh, 0, length);
        c.True(next.IsMemoryReused, "the next map reuses the freed window's segment");
        c.True(old.IsFreed, "freed");
        bool Win(MpiException e) => e.ErrorClass == ErrorClass.Win;
        c.Throws<MpiException>(() => _ = old.Span, Win, "span after free");
        c.Throws<MpiException>(() => old.Write(0, [1]), Win, "write after free");
        c.Throws<MpiException>(() => old.GetSpan(0, 1), Win, "read after free");
        c.Throws<MpiException>(() => old.Release(), Win, "release after free");
        c.Throws<MpiException>(() => old.Acquire(), Win, "acquire after free");
        c.Throws<MpiException>(() => _ = old.NodeCommunicator, Win, "node communicator after free");
        c.Throws<MpiException>(() => _ = old.SegmentBytes, Win, "segment after free");
        c.Throws<MpiException>(() => _ = old.Statistics, Win, "statistics after free");
        unsafe { c.Throws<MpiException>(() => _ = (nint)old.Pointer, Win, "pointer after free"); }
        old.Free(); // twice is harmless, and must not hand the segment back a second time
        c.Equal(0L, FileWindow.CachedBytes, "the live window's segment is not kept");
        c.Equal(0, Differences(next.Span, WindowScenarios.Pattern), "bytes of the live window differing from the file");
        next.Free();
        FileWindow.ReleaseCachedMemory(w);
    }

    // A segment serves only its node's ranks: a file opened on MPI_COMM_SELF on a node of several ranks
    // gets new memory and, at free, cannot displace the kept segment of the world's node.
    private static void KeyedByNodeRanks(Communicator w, RankCheck c)
    {
        FileWindow.ReleaseCachedMemory(w);
        using var dir = new SharedDirectory(w);
        const int length = 4 * 4096;
        using (var fh = WindowScenarios.CreatePatterned(w, dir.File("f"), length)) { }
        using var world = MpiFile.Open(w, dir.File("f"), FileMode.ReadOnly);
        bool alone = world.NodeCommunicator.Size == 1;
        using (var win = FileWindow.Map(world, 0, length, FileWindowOptions.ReadOnlyEager)) { }
        long kept = FileWindow.CachedBytes;
        using (var self = MpiFile.Open(Communicator.Self, dir.File("f"), FileMode.ReadOnly))
        using (var win = FileWindow.Map(self, 0, length / 2, FileWindowOptions.ReadOnlyEager))
        {
            // A one-rank node's ranks are MPI_COMM_SELF's: the segment serves both.
            c.Equal(alone, win.IsMemoryReused, "a window of MPI_COMM_SELF reuses only a one-rank node's segment");
            c.Equal(WindowScenarios.Pattern(length / 2 - 1), win.Span[length / 2 - 1], "last byte over MPI_COMM_SELF");
        }
        c.Equal(kept, FileWindow.CachedBytes, "the world node's segment is still kept");
        using (var win = FileWindow.Map(world, 0, length, FileWindowOptions.ReadOnlyEager))
            c.True(win.IsMemoryReused, "the world's next map reuses it");
        FileWindow.ReleaseCachedMemory(w);
    }

    // Leaves a segment kept; a finalize action registered before the window cache's runs after it and
    // prints what is kept then (MPIIO_WINDOW_FINALIZE_REPORT=1, the scenario alone in its process).
    private static void FreedAtFinalize(Communicator w, RankCheck c)
    {
        int rank = w.Rank;
        MpiEnvironment.RegisterFinalizeAction(() => Console.WriteLine($"WINDOW-CACHE-AT-FINALIZE rank={rank} bytes={FileWindow.CachedBytes}"));
        using var dir = new SharedDirectory(w);
        const int length = 4 * 4096;
        using var fh = WindowScenarios.CreatePatterned(w, dir.File("f"), length);
        using (var win = FileWindow.Map(fh, 0, length)) { }
        c.True(FileWindow.CachedBytes > 0, "a segment is kept when the scenario ends");
    }
}
