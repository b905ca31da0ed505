using System.Globalization;
using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Windows;

namespace MpiIo.RankTests.Scenarios;

/// <summary>
/// The file-window benchmarks of issue 8 (run by <c>./run-mpi.sh bench window</c>, or with
/// <c>MPIIO_WINDOW_BENCH=1</c>): mapping against a collective read of the same range, with the mapping's
/// time split into its phases, and a sparse release against writing the whole range back.
/// </summary>
/// <remarks>
/// Settings: <c>MPIIO_WINDOW_BENCH_SIZE</c> (bytes, or with a k/m/g suffix; default 1g),
/// <c>MPIIO_WINDOW_BENCH_ROUNDS</c> (default 3), <c>MPIIO_WINDOW_BENCH_PREFIX</c> (a driver prefix such as
/// <c>mem:</c> for the release benchmark), <c>MPIIO_TEST_ROOT</c> (the directory of the files). Every time
/// is the slowest rank's (<c>MPI_Wtime</c>, <c>MPI_Allreduce</c> MAX after a barrier); every figure printed
/// is the median over the rounds, and within a round the measurements take turns in a rotating order, so
/// load that comes and goes hits each alike.
/// </remarks>
internal static unsafe class WindowBenchmarks
{
    private const long SmallPage = 4096;
    private const int ReadChunk = 64 << 20;

    public static long Size => ParseSize(Environment.GetEnvironmentVariable("MPIIO_WINDOW_BENCH_SIZE") ?? "1g");

    public static int Rounds => int.Parse(Environment.GetEnvironmentVariable("MPIIO_WINDOW_BENCH_ROUNDS") ?? "3", CultureInfo.InvariantCulture);

    /// <summary>Bytes, or a count with a k, m or g suffix (powers of 1024).</summary>
    public static long ParseSize(string text)
    {
        text = text.Trim();
        long unit = char.ToLowerInvariant(text[^1]) switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 1 };
        if (unit != 1) text = text[..^1];
        return long.Parse(text, CultureInfo.InvariantCulture) * unit;
    }

    private static double Median(List<double> values)
    {
        var v = values.ToArray();
        Array.Sort(v);
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static double Slowest(Communicator w, double seconds) => w.Allreduce(seconds, Op.Max);

    // A timed phase: all ranks start together; the result is the slowest rank's time.
    private static double Time(Communicator w, Action body)
    {
        w.Barrier();
        double t0 = MpiEnvironment.Wtime();
        body();
        return Slowest(w, MpiEnvironment.Wtime() - t0);
    }

    /// <summary>
    /// Mapping the range (eager, read-only: each node's ranks read a contiguous share each straight into the
    /// node copy) against <c>MPI_File_read_at_all</c> of the same range where each rank reads its 1/P share.
    /// Two pairs, each against the 1.25× target: the first map of a process (new shared memory: the kept
    /// segment is released before it) against the read into fresh memory (new anonymous pages from
    /// <c>mmap</c>, as <c>malloc</c> gives for large blocks), and a repeated map (the segment the previous map
    /// left, <see cref="FileWindow.IsMemoryReused"/>) against the read into a buffer reused from an earlier read.
    /// The read into a new array is printed too. Then the mapping's phases timed apart: allocating the
    /// shared segment, faulting its pages in (three ways), reading into the faulted pages, the closing
    /// agreement, and Map's other collectives, next to the same phases for fresh private memory.
    /// </summary>
    public static void MapVersusCollectiveRead(Communicator w, RankCheck c)
    {
        long length = Size;
        int rounds = Rounds;
        using var dir = new SharedDirectory(w);
        using (var fh = WindowScenarios.CreatePatterned(w, dir.File("bench"), length)) { }
        using var ro = MpiFile.Open(w, dir.File("bench"), FileMode.ReadOnly);
        long share = length / w.Size;
        if (share > int.MaxValue) { c.Fail($"a share of {share} bytes is more than one collective read takes; use more ranks"); return; }
        var node = ro.NodeCommunicator;
        int nodes = w.Allreduce(node.Rank == 0 ? 1 : 0, Op.Sum);

        // Warm-up (untimed): every code path once, so no round pays for compiling it; the full-size map
        // leaves its segment kept, so a round whose repeated map comes first has one to reuse.
        using (var warm = FileWindow.Map(ro, 0, Math.Min(length, 1 << 20), FileWindowOptions.ReadOnlyEager)) { }
        FileWindow.ReleaseCachedMemory(w);
        using (var warm = FileWindow.Map(ro, 0, length, FileWindowOptions.ReadOnlyEager)) { }
        var reused = (byte*)NativeMemory.Alloc((nuint)share);
        new Span<byte>(reused, (int)share).Fill(1);
        ReadShare(w, ro, reused, share);

        var names = new[] { "map fresh", "map reused", "read fresh", "read reused", "read array", "ratio fresh", "ratio reused", "ratio array" };
        var figures = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var name in names) figures[name] = [];
        var phases = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string key, double value)
        {
            if (!phases.TryGetValue(key, out var list)) phases[key] = list = [];
            list.Add(value);
        }

        for (int round = 0; round < rounds; round++)
        {
            double mf = 0, mr = 0, rr = 0, rf = 0, ra = 0;
            for (int turn = 0; turn < 5; turn++)
            {
                switch ((turn + round) % 5)
                {
                    case 4:
                    {
                        // What a C# program would write: a new array per read (the GC's memory, maybe recycled).
                        byte[]? array = null;
                        ra = Time(w, () =>
                        {
                            array = GC.AllocateUninitializedArray<byte>((int)share);
                            fixed (byte* a = array) ReadShare(w, ro, a, share);
                        });
                        array = null;
                        GC.Collect();
                        break;
                    }
                    case 0:
                        rr = Time(w, () => ReadShare(w, ro, reused, share));
                        break;
                    case 1:
                    {
                        byte* fresh = null;
                        rf = Time(w, () =>
                        {
                            fresh = MapFresh(share);
                            ReadShare(w, ro, fresh, share);
                        });
                        Unmap(fresh, share);
                        break;
                    }
                    case 2:
                        // The first map of a process: nothing kept, new shared pages.
                        FileWindow.ReleaseCachedMemory(w);
                        mf = TimeMap(w, c, ro, length, expectReused: false);
                        break;
                    default:
                        mr = TimeMap(w, c, ro, length, expectReused: true);
                        break;
                }
            }
            figures["map fresh"].Add(mf);
            figures["map reused"].Add(mr);
            figures["read fresh"].Add(rf);
            figures["read reused"].Add(rr);
            figures["read array"].Add(ra);
            figures["ratio fresh"].Add(mf / rf);
            figures["ratio reused"].Add(mr / rr);
            figures["ratio array"].Add(mr / ra);
            foreach (var (key, value) in Phases(w, ro, node, length, round)) Add(key, value);
            if (w.Rank == 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BENCH map round {round + 1}: map fresh {mf * 1e3:F1} ms, map reused {mr * 1e3:F1} ms, read fresh {rf * 1e3:F1} ms, read into a new array {ra * 1e3:F1} ms, read reused {rr * 1e3:F1} ms"));
        }
        NativeMemory.Free(reused);
        FileWindow.ReleaseCachedMemory(w);
        if (w.Rank != 0) return;
        var inv = CultureInfo.InvariantCulture;
        double M(string name) => Median(figures[name]);
        Console.WriteLine(string.Create(inv, $"BENCH map {length} B ({length >> 20} MiB), {w.Size} ranks, {nodes} node(s), median of {rounds} interleaved rounds (slowest rank):"));
        Console.WriteLine(string.Create(inv, $"BENCH   first map (new shared memory)                {M("map fresh") * 1e3,9:F1} ms  {length / M("map fresh") / 1e9,6:F2} GB/s"));
        Console.WriteLine(string.Create(inv, $"BENCH   read_at_all into fresh memory                {M("read fresh") * 1e3,9:F1} ms  ratio first map/read {M("ratio fresh"),5:F2}  (target <= 1.25)"));
        Console.WriteLine(string.Create(inv, $"BENCH   repeated map (kept segment reused)           {M("map reused") * 1e3,9:F1} ms  {length / M("map reused") / 1e9,6:F2} GB/s"));
        Console.WriteLine(string.Create(inv, $"BENCH   read_at_all into a reused buffer             {M("read reused") * 1e3,9:F1} ms  ratio repeated map/read {M("ratio reused"),5:F2}  (target <= 1.25)"));
        Console.WriteLine(string.Create(inv, $"BENCH   read_at_all into a new byte[] (GC heap)       {M("read array") * 1e3,9:F1} ms  ratio repeated map/read {M("ratio array"),5:F2}"));
        Console.WriteLine("BENCH   phases (each timed apart, slowest rank):");
        foreach (var (key, list) in phases)
            Console.WriteLine(string.Create(inv, $"BENCH     {key,-44} {Median(list) * 1e3,9:F3} ms"));
    }

    // One timed map of the whole range, checked (its last byte, and whether it reused the kept segment), then freed.
    private static double TimeMap(Communicator w, RankCheck c, MpiFile fh, long length, bool expectReused)
    {
        FileWindow? win = null;
        double t = Time(w, () => win = FileWindow.Map(fh, 0, length, FileWindowOptions.ReadOnlyEager));
        c.Equal(WindowScenarios.Pattern(length - 1), win!.GetSpan(length - 1, 1)[0], "last byte of the mapping");
        c.Equal(expectReused, win.IsMemoryReused, "the map reused the kept segment");
        win.Free();
        return t;
    }

    // Each rank's share of the range through MPI_File_read_at_all (contiguous shares: the independent path).
    private static void ReadShare(Communicator w, MpiFile fh, byte* into, long share)
    {
        var st = fh.ReadAtAll(w.Rank * share, new Span<byte>(into, (int)share), share, Datatype.Byte);
        if (st.Bytes != share) throw new InvalidOperationException($"read {st.Bytes} of {share} bytes");
    }

    // The mapping's work done step by step with the pieces FileWindow uses, each step timed: the node's
    // shared segment (MPI_Win_allocate_shared of the window's layout), each node rank faulting in its share
    // (during the read as FileWindow does, by a touch loop first, by MADV_POPULATE_WRITE first, or during the
    // read after MADV_HUGEPAGE), the reads, and the closing agreement; and the same steps for new private
    // memory, which is what the fresh collective read pays.
    private static IEnumerable<(string, double)> Phases(Communicator w, MpiFile fh, Communicator node, long length, int round)
    {
        var result = new List<(string, double)>();
        var (first, end) = NodeShare(node, length);
        long segment = new WindowLayout(length, FileWindowOptions.DefaultPageSize, writable: false).TotalBytes;
        string[] ways = ["faults taken in the read", "touch loop", "MADV_POPULATE_WRITE", "MADV_HUGEPAGE"];
        for (int k = 0; k < ways.Length; k++)
        {
            int way = (k + round) % ways.Length;
            Window? shared = null;
            byte* b = null;
            double alloc = Time(w, () =>
            {
                shared = Window.AllocateShared(node, node.Rank == 0 ? segment : 0);
                b = (byte*)shared.SharedQuery(0).Pointer;
            });
            double fault = way is 0 or 3 ? 0 : Time(w, () => Fault(b + first, end - first, populate: way == 2));
            if (way == 3) Advise(b + first, end - first, MadvHugePage);
            double read = Time(w, () => ReadRange(fh, b, first, end));
            double sync = Time(w, () => w.Allreduce(0, Op.Max));
            shared!.Dispose();
            result.Add(($"shared: allocate ({ways[way]})", alloc));
            if (way is 1 or 2) result.Add(($"shared: fault in by {ways[way]}", fault));
            result.Add(($"shared: read ({ways[way]})", read));
            result.Add(($"shared: total ({ways[way]})", alloc + fault + read + sync));
            if (way == 0) result.Add(("shared: agreement", sync));
        }
        // Map's other steps: its argument agreement (one MPI_Allreduce of 14 longs), the duplicates of the
        // file's communicator and of its node communicator (a reused segment brings its own), the node
        // barrier a lazy read-only map has before the first touch (an eager one has none), and for a
        // writable window the write-notice window (MPI_Win_allocate of 8 bytes per page on rank 0, cleared,
        // a barrier and MPI_Win_lock_all).
        var args = new long[14];
        result.Add(("map: argument agreement (Allreduce)", Time(w, () => w.Allreduce<long>(args, Op.Max))));
        Communicator? dup = null;
        result.Add(("map: MPI_Comm_dup of the file's communicator", Time(w, () => dup = w.Dup())));
        dup!.Dispose();
        result.Add(("map: MPI_Comm_dup of the node communicator", Time(w, () => dup = node.Dup())));
        dup!.Dispose();
        result.Add(("map, lazy read-only: node barrier", Time(w, node.Barrier)));
        long pages = (length + SmallPage - 1) / SmallPage;
        Window? versions = null;
        result.Add(("map, writable: write-notice window", Time(w, () =>
        {
            versions = Window.Allocate(w, w.Rank == 0 ? 8 * pages : 0, 8);
            if (w.Rank == 0) NativeMemory.Clear(versions.LocalPointer, (nuint)(8 * pages));
            w.Barrier();
            versions.LockAll(MpiIo.Mpi.Native.MpiAbi.MPI_MODE_NOCHECK);
        })));
        versions!.UnlockAll();
        versions.Dispose();
        // Private memory: each rank its 1/P of the range, as the collective read.
        long share = length / w.Size;
        byte* p = null;
        double palloc = Time(w, () => p = MapFresh(share));
        double pfault = Time(w, () => Fault(p, share, populate: false));
        double pread = Time(w, () => ReadRange(fh, p - w.Rank * share, w.Rank * share, (w.Rank + 1) * share));
        Unmap(p, share);
        result.Add(("private: allocate", palloc));
        result.Add(("private: fault in by touch loop", pfault));
        result.Add(("private: read", pread));
        return result;
    }

    // This rank's contiguous share of the node copy, in whole 4 KiB pages (the last rank takes the tail).
    private static (long First, long End) NodeShare(Communicator node, long length)
    {
        long pages = (length + SmallPage - 1) / SmallPage;
        long first = pages * node.Rank / node.Size * SmallPage;
        long end = node.Rank == node.Size - 1 ? length : pages * (node.Rank + 1) / node.Size * SmallPage;
        return (first, end);
    }

    private static void Fault(byte* start, long length, bool populate)
    {
        if (populate && Advise(start, length, MadvPopulateWrite)) return;
        for (long i = 0; i < length; i += SmallPage) start[i] = 0;
    }

    private const int MadvHugePage = 14, MadvPopulateWrite = 23;

    // New anonymous memory, as malloc gives for large blocks (glibc serves blocks under its mmap threshold,
    // up to 32 MiB, from memory it recycles, which would not be fresh).
    private static byte* MapFresh(long bytes)
    {
        const int protReadWrite = 3, mapPrivateAnonymous = 0x22;
        var p = Mmap(null, (nuint)bytes, protReadWrite, mapPrivateAnonymous, -1, 0);
        if (p == (void*)-1) throw new OutOfMemoryException($"mmap of {bytes} bytes failed");
        return (byte*)p;
    }

    private static void Unmap(byte* p, long bytes) => Munmap(p, (nuint)bytes);

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int Munmap(void* address, nuint length);

    // madvise wants a page-aligned start; advising the rest of the first page changes no byte.
    private static bool Advise(byte* start, long length, int advice)
    {
        long aligned = (long)start & ~(SmallPage - 1);
        return Madvise((void*)aligned, (nuint)((long)start + length - aligned), advice) == 0;
    }

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(void* address, nuint length, int advice);

    // Reads file bytes [first, end) to base + first, in the window's chunk size, straight from the driver.
    private static void ReadRange(MpiFile fh, byte* @base, long first, long end)
    {
        var storage = fh.Storage;
        for (long at = first; at < end; at += ReadChunk)
        {
            int n = (int)Math.Min(ReadChunk, end - at);
            storage.ReadFully(at, new Span<byte>(@base + at, n));
        }
    }
    /// <summary>
    /// Release after changing 1% of the bytes over 10% of the pages, against writing the whole range back
    /// (each rank its share, 64 MiB writes). Three patterns: 8-byte values scattered over each changed page,
    /// one 410-byte run per changed page, and the scattered values with <c>SieveGap = 512</c> (drivers with
    /// locks only). Bytes written are counted by the window; changed bytes are what differs from the file's
    /// old contents afterwards.
    /// </summary>
    public static void SparseRelease(Communicator w, RankCheck c)
    {
        long length = Size;
        int rounds = Rounds;
        string prefix = Environment.GetEnvironmentVariable("MPIIO_WINDOW_BENCH_PREFIX") ?? "";
        using var dir = new SharedDirectory(w);
        using var fh = WindowScenarios.CreatePatterned(w, prefix + dir.File("sparse"), length);
        var variants = new List<(bool Scattered, int SieveGap, string Name)> { (true, 0, "8-byte values"), (false, 0, "410-byte runs") };
        if ((fh.Features & DriverFeatures.Locks) != 0) variants.Add((true, 512, "8-byte values, SieveGap 512"));
        var release = variants.ConvertAll(_ => new List<double>());
        var whole = variants.ConvertAll(_ => new List<double>());
        var ratio = variants.ConvertAll(_ => new List<double>());
        var changed = new long[variants.Count];
        var written = new long[variants.Count];
        var blocks = new long[variants.Count];
        for (int round = 0; round < rounds; round++)
        {
            for (int turn = 0; turn < variants.Count; turn++)
            {
                int v = (turn + round) % variants.Count;
                var (scattered, sieveGap, _) = variants[v];
                using var win = FileWindow.Map(fh, 0, length, new FileWindowOptions { SieveGap = sieveGap });
                // Each variant and round changes pages of its own, so what differs from the pattern is what changed.
                int slot = (v + round * variants.Count) % 10;
                int firstPage = w.Rank + slot * w.Size;
                var rng = new Random(7 + w.Rank + 100 * round);
                for (int page = firstPage; page < win.PageCount; page += 10 * w.Size)
                {
                    if (scattered)
                    {
                        for (int k = 0; k < 51; k++) // 10% of a page in 8-byte values
                        {
                            var value = win.GetWritableSpan<long>((long)page * 4096 + 8L * rng.Next(512), 1);
                            value[0] = ~value[0];
                        }
                    }
                    else
                    {
                        var run = win.GetWritableSpan((long)page * 4096 + rng.Next(4096 - 410), 410);
                        for (int i = 0; i < run.Length; i++) run[i] = (byte)~run[i];
                    }
                }
                double r = Time(w, win.Release);
                var stats = win.Statistics;
                bool lead = win.NodeCommunicator.Rank == 0;
                written[v] = w.Allreduce(lead ? stats.BytesWritten : 0, Op.Sum);
                blocks[v] = w.Allreduce(lead ? stats.BlocksWritten : 0, Op.Sum);
                long mine = 0;
                for (int page = firstPage; page < win.PageCount; page += 10 * w.Size)
                {
                    var bytes = win.GetSpan((long)page * 4096, 4096);
                    for (int i = 0; i < bytes.Length; i++) if (bytes[i] != WindowScenarios.Pattern((long)page * 4096 + i)) mine++;
                }
                changed[v] = w.Allreduce(mine, Op.Sum);
                if (sieveGap == 0) c.True(written[v] <= 2 * changed[v], $"written {written[v]} <= 2 x changed {changed[v]}");
                long share = length / w.Size;
                double wb = Time(w, () =>
                {
                    for (long at = 0; at < share; at += ReadChunk)
                    {
                        long from = w.Rank * share + at;
                        fh.WriteAt<byte>(from, new ReadOnlySpan<byte>(win.Pointer + from, (int)Math.Min(ReadChunk, share - at)));
                    }
                });
                // Put the file back, so the next round's changes are measured against the pattern again.
                RestorePattern(w, fh, win, firstPage);
                release[v].Add(r);
                whole[v].Add(wb);
                ratio[v].Add(r / wb);
            }
        }
        if (w.Rank != 0) return;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"BENCH release {prefix}{length} B ({length >> 20} MiB), {w.Size} ranks, 1% of the bytes over 10% of the pages, median of {rounds} interleaved rounds (slowest rank):"));
        Console.WriteLine(string.Create(inv, $"BENCH   {"pattern",-28} {"changed B",12} {"written B",12} {"written/changed",15} {"blocks",9} {"release ms",11} {"whole ms",9} {"release/whole",13}"));
        for (int v = 0; v < variants.Count; v++)
            Console.WriteLine(string.Create(inv, $"BENCH   {variants[v].Name,-28} {changed[v],12} {written[v],12} {(double)written[v] / changed[v],15:F2} {blocks[v],9} {Median(release[v]) * 1e3,11:F1} {Median(whole[v]) * 1e3,9:F1} {Median(ratio[v]),13:F2}"));
    }

    // Writes the pattern back over the pages a round changed (each rank its own pages).
    private static void RestorePattern(Communicator w, MpiFile fh, FileWindow win, int firstPage)
    {
        var page = new byte[4096];
        for (int p = firstPage; p < win.PageCount; p += 10 * w.Size)
        {
            for (int i = 0; i < page.Length; i++) page[i] = WindowScenarios.Pattern((long)p * 4096 + i);
            fh.WriteAt<byte>((long)p * 4096, page);
        }
        w.Barrier();
    }
}
