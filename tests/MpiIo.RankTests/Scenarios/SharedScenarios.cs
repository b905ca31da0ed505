using MpiIo.Datatypes;
using MpiIo.Mpi;

namespace MpiIo.RankTests.Scenarios;

/// <summary>
/// The shared file pointer (independent and ordered access, seek, reset by SetView), split collectives and
/// nonblocking collectives. Run with MPIIO_THREAD_LEVEL=multiple the split and nonblocking collectives
/// run on background threads; otherwise they complete eagerly when they start.
/// </summary>
public static class SharedScenarios
{
    public static IReadOnlyList<Scenario> All() =>
    [
        new("ThreadLevelAsRequested", ThreadLevelAsRequested),
        new("WriteSharedSumAndReadBack", WriteSharedSumAndReadBack),
        new("SharedPointerCountsEtypes", SharedPointerCountsEtypes),
        new("NonblockingShared", NonblockingShared),
        new("SetViewResetsSharedPointer", SetViewResetsSharedPointer),
        new("OrderedWriteRankOrder", OrderedWriteRankOrder),
        new("OrderedReadRankOrder", OrderedReadRankOrder),
        new("SeekSharedAndPosition", SeekSharedAndPosition),
        new("SeekSharedErrors", SeekSharedErrors),
        new("SharedArgumentErrors", SharedArgumentErrors),
        new("OrderedErrorOnOneRank", OrderedErrorOnOneRank),
        new("SplitCollectives", SplitCollectives),
        new("SplitOrdered", SplitOrdered),
        new("SplitMisuse", SplitMisuse),
        new("SplitErrorRaisedAtEnd", SplitErrorRaisedAtEnd),
        new("CloseRefusedWhileSplitActive", CloseRefusedWhileSplitActive),
        new("NonblockingCollectives", NonblockingCollectives),
        new("NonblockingCollectiveMisuse", NonblockingCollectiveMisuse),
        new("NonblockingCollectiveErrorAtWait", NonblockingCollectiveErrorAtWait),
        new("NonblockingOverlapsComputation", NonblockingOverlapsComputation),
        new("SequentialModeRules", SequentialModeRules),
    ];

    private const FileMode Rw = FileMode.Create | FileMode.ReadWrite;

    private static bool IsClass(Exception e, ErrorClass c) => MpiIo.Errors.IoErrors.ClassOf(e) == c;

    private static int[] Ints(int count, int first) => Enumerable.Range(first, count).ToArray();

    // Some arithmetic for the caller's thread while a collective is in flight.
    private static double Compute()
    {
        double acc = 0;
        for (int i = 1; i < 200_000; i++) acc += Math.Sqrt(i);
        return acc;
    }

    private static void ThreadLevelAsRequested(Communicator w, RankCheck c)
    {
        bool multiple = string.Equals(Environment.GetEnvironmentVariable("MPIIO_THREAD_LEVEL"), "multiple", StringComparison.OrdinalIgnoreCase);
        c.Equal(multiple, MpiFile.CollectivesRunInBackground, "background collectives exactly under MPI_THREAD_MULTIPLE");
    }

    // The test: order-free content after concurrent shared writes, and everything read back.
    private static void WriteSharedSumAndReadBack(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("shared"), Rw);
        const int n = 1024;
        var st = fh.WriteShared<int>(Ints(n, w.Rank * n + 1));
        c.Equal(4L * n, st.Bytes, "bytes written");
        w.Barrier();
        c.Equal(4L * n * w.Size, fh.GetPositionShared(), "pointer after every rank's write (bytes: the default etype)");
        var all = new int[n * w.Size];
        fh.ReadAt<int>(0, all);
        long total = (long)n * w.Size;
        c.Equal(total * (total + 1) / 2, all.Sum(x => (long)x), "order-free sum of the file");
        Array.Sort(all);
        c.SequenceEqual<int>(Ints(n * w.Size, 1), all, "every value exactly once");

        fh.SeekShared(0, Whence.Set);
        var back = new int[n];
        st = fh.ReadShared<int>(back);
        c.Equal(4L * n, st.Bytes, "bytes read");
        // Claims of equal size line up with the writes: each rank reads one rank's whole block.
        c.True((back[0] - 1) % n == 0, $"block starts at a block boundary ({back[0]})");
        for (int i = 0; i < n; i++) if (back[i] != back[0] + i) { c.Fail($"read [{i}] = {back[i]}"); break; }
        long firsts = w.Allreduce((long)back[0], Op.Sum);
        c.Equal((long)n * w.Size * (w.Size - 1) / 2 + w.Size, firsts, "the ranks read every block once");
        w.Barrier();
        c.Equal(4L * n * w.Size, fh.GetPositionShared(), "pointer after every rank's read");
        w.Barrier();
        var past = new int[4];
        c.Equal(0L, fh.ReadShared<int>(past).Bytes, "a read past the end moves nothing");
        w.Barrier();
        c.Equal(4L * n * w.Size + 16 * w.Size, fh.GetPositionShared(), "but advances by the amount asked for");
    }

    private static void SharedPointerCountsEtypes(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("etypes"), Rw);
        fh.SetView(8, Datatype.Int, Datatype.Int);
        fh.WriteShared<int>([w.Rank, w.Rank, w.Rank]);
        w.Barrier();
        c.Equal(3L * w.Size, fh.GetPositionShared(), "pointer in etypes");
        c.Equal(8L + 12 * w.Size, fh.GetSize(), "written after the displacement");
        var all = new int[3 * w.Size];
        fh.ReadAt<int>(0, all);
        Array.Sort(all);
        for (int i = 0; i < all.Length; i++) if (all[i] != i / 3) { c.Fail($"[{i}] = {all[i]}"); break; }
        // A typed buffer of a different type, counted in the view's etypes.
        w.Barrier();
        fh.WriteShared(new byte[8], 8, Datatype.Byte);
        w.Barrier();
        c.Equal(5L * w.Size, fh.GetPositionShared(), "8 bytes are 2 int etypes");
    }

    private static void NonblockingShared(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("ishared"), Rw);
        fh.SetView(0, Datatype.Int, Datatype.Int);
        const int n = 300;
        var r = fh.IWriteShared<int>(Ints(n, w.Rank * n));
        c.Equal(4L * n, r.Wait().Bytes, "iwrite_shared bytes");
        w.Barrier();
        c.Equal((long)n * w.Size, fh.GetPositionShared(), "pointer");
        fh.SeekShared(0, Whence.Set);
        var back = new int[n];
        var rr = fh.IReadShared<int>(back);
        Compute();
        c.Equal(4L * n, rr.Wait().Bytes, "iread_shared bytes");
        c.True(back[0] % n == 0, $"one rank's block ({back[0]})");
        for (int i = 0; i < n; i++) if (back[i] != back[0] + i) { c.Fail($"[{i}] = {back[i]}"); break; }
        c.Equal((long)n * w.Size * (w.Size - 1) / 2, w.Allreduce((long)back[0], Op.Sum), "every block read once");
        // The untyped forms.
        w.Barrier();
        fh.SeekShared(0, Whence.End);
        var bytes = new byte[8];
        BitConverter.TryWriteBytes(bytes, 7);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), 7);
        fh.IWriteShared(bytes, 2, Datatype.Int).Wait();
        w.Barrier();
        fh.SeekShared((long)n * w.Size, Whence.Set);
        var two = new byte[8];
        fh.IReadShared(two, 2, Datatype.Int).Wait();
        c.SequenceEqual<byte>(bytes, two, "untyped round trip");
    }

    private static void SetViewResetsSharedPointer(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("reset"), Rw);
        fh.WriteShared<long>([1, 2]);
        w.Barrier();
        c.Equal(16L * w.Size, fh.GetPositionShared(), "pointer moved");
        fh.SetView(0, Datatype.Long, Datatype.Long);
        c.Equal(0L, fh.GetPositionShared(), "SetView resets the shared pointer on every rank");
        w.Barrier();
        fh.WriteShared<long>([3]);
        w.Barrier();
        c.Equal((long)w.Size, fh.GetPositionShared(), "counting from the new view's start");
    }

    // Earlier shared writes (no barrier), an ordered write, later shared writes (no barrier): the ordered
    // data lies in rank order between them.
    private static void OrderedWriteRankOrder(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("ordered"), Rw);
        fh.SetView(0, Datatype.Int, Datatype.Int);
        int p = w.Size;
        fh.WriteShared<int>([-1000 - w.Rank, -1000 - w.Rank]);
        int mine = (w.Rank + 1) * 100;
        var st = fh.WriteOrdered<int>(Ints(mine, w.Rank * 100_000));
        c.Equal(4L * mine, st.Bytes, "ordered bytes");
        long ordered = 100L * p * (p + 1) / 2;
        c.True(fh.GetPositionShared() >= 2L * p + ordered, "the pointer is past the ordered data when the call returns");
        fh.WriteShared<int>([-2000 - w.Rank]);
        w.Barrier();
        c.Equal(2L * p + ordered + p, fh.GetPositionShared(), "final pointer");

        var all = new int[2 * p + ordered + p];
        fh.ReadAt<int>(0, all);
        var head = all[..(2 * p)];
        Array.Sort(head);
        for (int i = 0; i < head.Length; i++) if (head[i] != -1000 - (p - 1 - i / 2)) { c.Fail($"head [{i}] = {head[i]}"); break; }
        int at = 2 * p;
        for (int r = 0; r < p && c.Failures == 0; r++)
            for (int i = 0; i < (r + 1) * 100; i++, at++)
                if (all[at] != r * 100_000 + i) { c.Fail($"ordered rank {r} [{i}] = {all[at]}"); break; }
        var tail = all[^p..];
        Array.Sort(tail);
        for (int i = 0; i < p; i++) if (tail[i] != -2000 - (p - 1 - i)) { c.Fail($"tail [{i}] = {tail[i]}"); break; }
    }

    private static void OrderedReadRankOrder(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("ordread"), Rw);
        fh.SetView(0, Datatype.Int, Datatype.Int);
        int p = w.Size;
        int total = 7 * p * (p + 1) / 2;
        int size = 5 + total + 3;
        if (w.Rank == 0) fh.WriteAt<int>(0, Ints(size, 0));
        w.Barrier();
        fh.SeekShared(5, Whence.Set);
        var mine = new int[(w.Rank + 1) * 7];
        var st = fh.ReadOrdered<int>(mine);
        c.Equal(4L * mine.Length, st.Bytes, "bytes read");
        int start = 5 + 7 * w.Rank * (w.Rank + 1) / 2;
        c.SequenceEqual<int>(Ints(mine.Length, start), mine, "rank order");
        c.Equal(5L + total, fh.GetPositionShared(), "pointer past everyone's data");

        // At the end of file: the first ranks get data, the later ones less or none; the pointer moves by all asked for.
        fh.SeekShared(size - 3, Whence.Set);
        var two = new int[2];
        st = fh.ReadOrdered(System.Runtime.InteropServices.MemoryMarshal.AsBytes(two.AsSpan()), 2, Datatype.Int);
        long expected = Math.Clamp(3 - 2L * w.Rank, 0, 2) * 4;
        c.Equal(expected, st.Bytes, "bytes before the end");
        c.Equal(size - 3 + 2L * p, fh.GetPositionShared(), "pointer advanced by the amount asked for");
    }

    private static void SeekSharedAndPosition(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("seek"), Rw);
        fh.SetView(4, Datatype.Int, Datatype.Int);
        if (w.Rank == 0) fh.WriteAt<int>(0, new int[10]);
        w.Barrier();
        fh.SeekShared(4, Whence.Set);
        c.Equal(4L, fh.GetPositionShared(), "set");
        fh.SeekShared(3, Whence.Current);
        c.Equal(7L, fh.GetPositionShared(), "current");
        fh.SeekShared(0, Whence.End);
        c.Equal(10L, fh.GetPositionShared(), "end, in etypes of the view");
        fh.SeekShared(-2, Whence.End);
        c.Equal(8L, fh.GetPositionShared(), "before end");
        w.Barrier();
        fh.WriteShared<int>([42]);
        w.Barrier();
        c.Equal(8L + w.Size, fh.GetPositionShared(), "writes continue from the sought position");
        c.Equal(0L, fh.GetPosition(), "the individual pointer is separate");
    }

    private static void SeekSharedErrors(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("seekerr"), Rw);
        fh.SeekShared(6, Whence.Set);
        c.Throws<MpiException>(() => fh.SeekShared(-7, Whence.Current), e => e.ErrorClass == ErrorClass.Arg, "before the start");
        c.Throws<MpiException>(() => fh.SeekShared(-1, Whence.Set), e => e.ErrorClass == ErrorClass.Arg, "negative set");
        c.Throws<MpiException>(() => fh.SeekShared(0, (Whence)7), e => e.ErrorClass == ErrorClass.Arg, "unknown whence");
        if (w.Size > 1)
        {
            c.Throws<MpiException>(() => fh.SeekShared(w.Rank, Whence.Set), e => e.ErrorClass == ErrorClass.NotSame, "offsets differ");
            c.Throws<MpiException>(() => fh.SeekShared(0, w.Rank == 0 ? Whence.Set : Whence.End), e => e.ErrorClass == ErrorClass.NotSame, "whences differ");
        }
        c.Equal(6L, fh.GetPositionShared(), "rejected seeks leave the pointer");
    }

    private static void SharedArgumentErrors(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("argerr");
        using (var fh = MpiFile.Open(w, f, Rw))
        {
            fh.SetView(0, Datatype.Int, Datatype.Int);
            c.Throws<Exception>(() => fh.WriteShared(new byte[3], 3, Datatype.Byte), e => IsClass(e, ErrorClass.IO), "not whole etypes");
            c.Throws<MpiException>(() => fh.WriteShared(new byte[4], 1, Datatype.Contiguous(1, Datatype.Int)), e => e.ErrorClass == ErrorClass.Type, "uncommitted type");
            c.Throws<MpiException>(() => fh.WriteShared(new byte[4], 1, null!), e => e.ErrorClass == ErrorClass.Type, "null type");
            c.Throws<MpiException>(() => fh.ReadShared(new byte[4], -1, Datatype.Int), e => e.ErrorClass == ErrorClass.Count, "negative count");
            c.Throws<MpiException>(() => fh.IWriteShared(new byte[3], 3, Datatype.Byte), e => e.ErrorClass == ErrorClass.IO, "iwrite not whole etypes");
            c.Throws<MpiException>(() => fh.IReadShared(new byte[3], 3, Datatype.Byte), e => e.ErrorClass == ErrorClass.IO, "iread not whole etypes");
            w.Barrier();
            c.Equal(0L, fh.GetPositionShared(), "rejected calls claim nothing");
            c.Equal(0L, fh.GetSize(), "and write nothing");
            w.Barrier();
            fh.WriteShared<int>([1]);
        }
        using (var fh = MpiFile.Open(w, f, FileMode.ReadOnly))
        {
            c.Throws<Exception>(() => fh.WriteShared<int>([1]), e => IsClass(e, ErrorClass.ReadOnly), "write on ReadOnly");
            c.Throws<Exception>(() => fh.IWriteShared<int>(new int[1]), e => IsClass(e, ErrorClass.ReadOnly), "iwrite on ReadOnly");
            c.Throws<Exception>(() => fh.WriteOrdered<int>([1]), e => IsClass(e, ErrorClass.ReadOnly), "ordered write on ReadOnly");
            c.Equal(0L, fh.GetPositionShared(), "nothing claimed");
        }
        using (var fh = MpiFile.Open(w, f, FileMode.WriteOnly))
        {
            c.Throws<Exception>(() => fh.ReadShared<int>(new int[1]), e => IsClass(e, ErrorClass.Access), "read on WriteOnly");
            c.Throws<Exception>(() => fh.ReadOrdered<int>(new int[1]), e => IsClass(e, ErrorClass.Access), "ordered read on WriteOnly");
            c.Equal(0L, fh.GetPositionShared(), "nothing claimed");
        }
        var closed = MpiFile.Open(w, f, FileMode.ReadOnly);
        closed.Close();
        c.Throws<Exception>(() => closed.GetPositionShared(), e => IsClass(e, ErrorClass.File), "position of a closed file");
        c.Throws<MpiException>(() => closed.SeekShared(0, Whence.Set), e => e.ErrorClass == ErrorClass.File, "seek on a closed file");
        c.Throws<MpiException>(() => closed.ReadOrdered<int>(new int[1]), e => e.ErrorClass == ErrorClass.File, "ordered read on a closed file");
        c.Throws<MpiException>(() => closed.ReadShared<int>(new int[1]), e => e.ErrorClass == ErrorClass.File, "shared read on a closed file");
        c.Throws<MpiException>(() => closed.IReadAtAll<int>(0, new int[1]), e => e.ErrorClass == ErrorClass.File, "nonblocking collective on a closed file");
    }

    private static void OrderedErrorOnOneRank(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("orderr"), Rw);
        fh.SetView(0, Datatype.Int, Datatype.Int);
        fh.SeekShared(3, Whence.Set);
        int bad = w.Size - 1;
        // The last rank (the one that would advance the pointer) asks for 3 bytes of a 4-byte etype.
        c.Throws<Exception>(() =>
        {
            if (w.Rank == bad) fh.WriteOrdered(new byte[3], 3, Datatype.Byte);
            else fh.WriteOrdered<int>([1, 2]);
        }, e => IsClass(e, ErrorClass.IO), "every rank raises the failing rank's class");
        c.Equal(3L, fh.GetPositionShared(), "the pointer did not move");
        c.Equal(0L, fh.GetSize(), "nothing written");
        if (w.Size > 1)
        {
            // Different failures on different ranks: every rank raises the worst (highest) class.
            c.Throws<Exception>(() =>
            {
                if (w.Rank == 0) fh.ReadOrdered(new byte[3], 3, Datatype.Byte);
                else fh.ReadOrdered(new byte[4], 1, Datatype.Contiguous(1, Datatype.Int));
            }, e => IsClass(e, (ErrorClass)Math.Max((int)ErrorClass.IO, (int)ErrorClass.Type)), "the worst class everywhere");
        }
        fh.WriteOrdered<int>([w.Rank]);
        c.Equal(3L + w.Size, fh.GetPositionShared(), "usable after a rejected call");
    }

    private static void SplitCollectives(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("split"), Rw);
        fh.SetView(0, Datatype.Int, Datatype.Int);
        const int n = 4096;
        int p = w.Size;
        var data = Ints(n, w.Rank * n);
        fh.WriteAtAllBegin<int>((long)w.Rank * n, data);
        double work = Compute();
        var st = fh.WriteAtAllEnd();
        c.Equal(4L * n, st.Bytes, "write_at_all_end status");
        c.True(work > 0, "computed");

        int other = (w.Rank + 1) % p;
        var back = new int[n];
        fh.ReadAtAllBegin<int>((long)other * n, back);
        Compute();
        c.Equal(4L * n, fh.ReadAtAllEnd().Bytes, "read_at_all_end status");
        c.SequenceEqual<int>(Ints(n, other * n), back, "read_at_all data");

        fh.Seek((long)(p + w.Rank) * n, Whence.Set);
        fh.WriteAllBegin<int>(Ints(n, (p + w.Rank) * n));
        c.Equal((long)(p + w.Rank + 1) * n, fh.GetPosition(), "the individual pointer advances at begin");
        c.Equal(4L * n, fh.WriteAllEnd().Bytes, "write_all_end status");

        fh.Seek((long)(p + other) * n, Whence.Set);
        fh.ReadAllBegin<int>(back);
        c.Equal((long)(p + other + 1) * n, fh.GetPosition(), "read_all_begin advances the pointer");
        fh.ReadAllEnd();
        c.SequenceEqual<int>(Ints(n, (p + other) * n), back, "read_all data");

        // The untyped forms.
        var raw = new byte[8];
        fh.WriteAtAllBegin(2L * p * n + 2 * w.Rank, raw, 2, Datatype.Int);
        fh.WriteAtAllEnd();
        fh.ReadAtAllBegin(0, raw, 2, Datatype.Int);
        fh.ReadAtAllEnd();
        c.Equal(1, BitConverter.ToInt32(raw, 4), "untyped read_at_all");
        fh.Seek(0, Whence.Set);
        fh.WriteAllBegin(raw, 2, Datatype.Int);
        fh.WriteAllEnd();
        fh.Seek(0, Whence.Set);
        fh.ReadAllBegin(raw, 2, Datatype.Int);
        c.Equal(8L, fh.ReadAllEnd().Bytes, "untyped read_all");
        c.Equal(4L * (2L * p * n + 2 * p), fh.GetSize(), "file size");
    }

    private static void SplitOrdered(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("splitord"), Rw);
        fh.SetView(0, Datatype.Int, Datatype.Int);
        int p = w.Size;
        long total = 10L * p * (p + 1) / 2;
        fh.SeekShared(4, Whence.Set);
        fh.WriteOrderedBegin<int>(Ints((w.Rank + 1) * 10, w.Rank * 1000));
        c.Equal(4 + total, fh.GetPositionShared(), "the shared pointer is claimed at begin");
        Compute();
        c.Equal(40L * (w.Rank + 1), fh.WriteOrderedEnd().Bytes, "write_ordered_end status");
        fh.SeekShared(4, Whence.Set);
        var back = new int[(w.Rank + 1) * 10];
        fh.ReadOrderedBegin<int>(back);
        c.Equal(4 + total, fh.GetPositionShared(), "read_ordered_begin claims too");
        fh.ReadOrderedEnd();
        c.SequenceEqual<int>(Ints(back.Length, w.Rank * 1000), back, "read back in rank order");

        var raw = new byte[4];
        fh.WriteOrderedBegin(raw, 1, Datatype.Int);
        fh.WriteOrderedEnd();
        fh.SeekShared(4 + total, Whence.Set);
        fh.ReadOrderedBegin(raw, 1, Datatype.Int);
        c.Equal(4L, fh.ReadOrderedEnd().Bytes, "untyped ordered read");
        c.Equal(4 + total + p, fh.GetPositionShared(), "pointer after untyped ordered calls");
        // A bad argument anywhere is agreed at begin, and no split collective starts.
        c.Throws<Exception>(() =>
        {
            if (w.Rank == 0) fh.WriteOrderedBegin(new byte[3], 3, Datatype.Byte);
            else fh.WriteOrderedBegin(new byte[4], 1, Datatype.Int);
        }, e => IsClass(e, ErrorClass.IO), "ordered begin with a partial etype on rank 0");
        c.Equal(4 + total + p, fh.GetPositionShared(), "no claim by a rejected begin");
        c.Throws<Exception>(() => fh.WriteOrderedEnd(), e => IsClass(e, ErrorClass.IO), "nothing to end");
    }

    private static void SplitMisuse(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("misuse"), Rw);
        c.Throws<Exception>(() => fh.WriteAtAllEnd(), e => IsClass(e, ErrorClass.IO), "end without begin");
        var data = new int[64];
        fh.WriteAtAllBegin<int>(256L * w.Rank, data);
        c.Throws<Exception>(() => fh.ReadAtAllBegin<int>(0, new int[1]), e => IsClass(e, ErrorClass.IO), "a second begin");
        c.Throws<Exception>(() => fh.IWriteAtAll<int>(0, new int[1]), e => IsClass(e, ErrorClass.IO), "a nonblocking collective meanwhile");
        c.Throws<Exception>(() => fh.ReadAtAllEnd(), e => IsClass(e, ErrorClass.IO), "an end of another kind");
        // Collective calls of the file meanwhile are refused on every rank alike.
        c.Throws<Exception>(() => fh.WriteAtAll<int>(0, new int[1]), e => IsClass(e, ErrorClass.IO), "a blocking collective meanwhile");
        c.Throws<Exception>(() => fh.WriteOrdered<int>(new int[1]), e => IsClass(e, ErrorClass.IO), "an ordered write meanwhile");
        c.Throws<Exception>(() => fh.SeekShared(0, Whence.Set), e => IsClass(e, ErrorClass.IO), "seek_shared meanwhile");
        c.Throws<Exception>(() => fh.SetView(0, Datatype.Int, Datatype.Int), e => IsClass(e, ErrorClass.IO), "set_view meanwhile");
        c.Throws<Exception>(() => fh.SetInfo(new Dictionary<string, string> { ["cb_nodes"] = "1" }), e => IsClass(e, ErrorClass.IO), "set_info meanwhile");
        c.Throws<Exception>(() => fh.SetAtomicity(false), e => IsClass(e, ErrorClass.IO), "set_atomicity meanwhile");
        // Independent accesses are fine.
        fh.WriteAt<int>(10_000 + 4 * w.Rank, [w.Rank]);
        fh.WriteShared<int>([w.Rank]);
        c.Equal(256L, fh.WriteAtAllEnd().Bytes, "the split collective is intact");
        c.Throws<Exception>(() => fh.WriteAtAllEnd(), e => IsClass(e, ErrorClass.IO), "a second end");
        c.Equal(4L, fh.WriteAtAll<int>(0, new int[1]).Bytes, "collectives accepted again after the end");
    }

    private static void SplitErrorRaisedAtEnd(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("spliterr"), Rw);
        // Rank 0 passes an uncommitted type; every rank learns it at end.
        var type = w.Rank == 0 ? Datatype.Contiguous(1, Datatype.Int) : Datatype.Int;
        fh.WriteAllBegin(new byte[4], 1, type);
        c.Equal(w.Rank == 0 ? 0L : 4L, fh.GetPosition(), "rank 0's pointer stays, the others' advance");
        c.Throws<Exception>(() => fh.WriteAllEnd(), e => IsClass(e, ErrorClass.Type), "agreed class at end");
        c.Throws<Exception>(() => fh.WriteAllEnd(), e => IsClass(e, ErrorClass.IO), "ended even though it failed");
        c.Equal(0L, fh.GetSize(), "nothing written");
    }

    private static void CloseRefusedWhileSplitActive(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("closing");
        var fh = MpiFile.Open(w, f, Rw);
        fh.WriteAtAllBegin<int>(16L * w.Rank, new[] { w.Rank, w.Rank, w.Rank, w.Rank });
        c.Throws<Exception>(() => fh.Close(), e => IsClass(e, ErrorClass.IO), "close with a split collective active");
        c.True(fh.IsOpen, "a refused close leaves the file open");
        c.Equal(16L, fh.WriteAtAllEnd().Bytes, "the split collective ends normally");
        fh.Close();
        c.True(!fh.IsOpen, "closed once nothing is pending");
        using var again = MpiFile.Open(w, f, FileMode.ReadOnly);
        var all = new int[4 * w.Size];
        again.ReadAt<int>(0, all);
        for (int i = 0; i < all.Length; i++) if (all[i] != i / 4) { c.Fail($"[{i}] = {all[i]}"); break; }
    }

    private static void NonblockingCollectives(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("icoll"), Rw);
        fh.SetView(0, Datatype.Int, Datatype.Int);
        const int n = 8192;
        int p = w.Size, other = (w.Rank + 1) % w.Size;
        var r = fh.IWriteAtAll<int>((long)w.Rank * n, Ints(n, w.Rank * n));
        if (!MpiFile.CollectivesRunInBackground) c.True(r.IsCompleted, "eager fallback: complete when started");
        // Independent accesses may overlap it.
        fh.WriteAt<int>(4L * p * n + w.Rank, [w.Rank]);
        var ind = fh.IWriteAt<int>(4L * p * n + p + w.Rank, new[] { -w.Rank });
        double work = Compute();
        var statuses = IoRequest.WaitAll(r, ind);
        c.Equal(4L * n, statuses[0].Bytes, "iwrite_at_all status");
        c.True(work > 0, "computed");

        var back = new int[n];
        var rr = fh.IReadAtAll<int>((long)other * n, back);
        IoStatus st;
        while (!rr.Test(out st)) Thread.Yield();
        c.Equal(4L * n, st.Bytes, "iread_at_all status");
        c.SequenceEqual<int>(Ints(n, other * n), back, "iread_at_all data");

        fh.Seek((long)(p + w.Rank) * n, Whence.Set);
        var wr = fh.IWriteAll<int>(Ints(n, (p + w.Rank) * n));
        c.Equal((long)(p + w.Rank + 1) * n, fh.GetPosition(), "iwrite_all advances the pointer at start");
        wr.Wait();
        fh.Seek((long)(p + other) * n, Whence.Set);
        var rd = fh.IReadAll<int>(back);
        c.Equal((long)(p + other + 1) * n, fh.GetPosition(), "iread_all advances the pointer at start");
        c.Equal(4L * n, rd.Wait().Bytes, "iread_all status");
        c.SequenceEqual<int>(Ints(n, (p + other) * n), back, "iread_all data");

        var raw = new byte[8];
        fh.IWriteAtAll(2L * p * n + 2 * w.Rank, raw, 2, Datatype.Int).Wait();
        fh.IReadAtAll(0, raw, 2, Datatype.Int).Wait();
        c.Equal(1, BitConverter.ToInt32(raw, 4), "untyped iread_at_all");
        fh.Seek(0, Whence.Set);
        fh.IWriteAll(raw, 2, Datatype.Int).Wait();
        fh.Seek(0, Whence.Set);
        c.Equal(8L, fh.IReadAll(raw, 2, Datatype.Int).Wait().Bytes, "untyped iread_all");
        var mark = new int[2 * p];
        fh.ReadAt<int>(4L * p * n, mark);
        for (int i = 0; i < p; i++)
            if (mark[i] != i || mark[p + i] != -i) { c.Fail($"independent marks [{i}]: {mark[i]}, {mark[p + i]}"); break; }
    }

    private static void NonblockingCollectiveMisuse(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("imisuse"), Rw);
        var r = fh.IWriteAtAll<int>(64L * w.Rank, new int[16]);
        c.Throws<MpiException>(() => fh.IReadAtAll<int>(0, new int[1]), e => e.ErrorClass == ErrorClass.Request, "a second nonblocking collective");
        c.Throws<MpiException>(() => fh.WriteAllBegin<int>(new int[1]), e => e.ErrorClass == ErrorClass.Request, "a split collective meanwhile");
        c.Throws<Exception>(() => fh.WriteAllEnd(), e => IsClass(e, ErrorClass.IO), "a request is not a split collective");
        c.Throws<MpiException>(() => fh.ReadAtAll<int>(0, new int[1]), e => e.ErrorClass == ErrorClass.Request, "a blocking collective meanwhile");
        c.Throws<MpiException>(() => fh.ReadOrdered<int>(new int[1]), e => e.ErrorClass == ErrorClass.Request, "an ordered read meanwhile");
        c.Throws<MpiException>(() => fh.SetView(0, Datatype.Byte, Datatype.Byte), e => e.ErrorClass == ErrorClass.Request, "set_view meanwhile");
        c.Equal(64L, r.Wait().Bytes, "the pending collective is intact");
        c.Equal(64L, r.Wait().Bytes, "waiting twice is harmless");
        c.Equal(4L, fh.ReadAtAll<int>(0, new int[1]).Bytes, "collectives accepted again after Wait");
    }

    private static void NonblockingCollectiveErrorAtWait(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("ierr"), Rw);
        fh.SetView(0, Datatype.Int, Datatype.Int);
        int bad = w.Size - 1;
        // The last rank asks for a partial etype: its pointer stays, every rank's Wait raises the class.
        var r = w.Rank == bad ? fh.IWriteAll(new byte[2], 2, Datatype.Byte) : fh.IWriteAll<int>(new[] { 1 });
        c.Equal(w.Rank == bad ? 0L : 1L, fh.GetPosition(), "pointer of the rejected rank unchanged");
        c.Throws<Exception>(() => r.Wait(), e => IsClass(e, ErrorClass.IO), "agreed class at Wait");
        c.Equal(0L, fh.GetSize(), "nothing written");
        var rr = fh.IReadAtAll<int>(-1, new int[1]);
        c.Throws<MpiException>(() => rr.Wait(), e => e.ErrorClass == ErrorClass.Arg, "negative offset at Wait");
        c.Throws<MpiException>(() => rr.Test(out _), e => e.ErrorClass == ErrorClass.Arg, "Test raises it too");
        fh.WriteAtAll<int>(0, new int[1]);
        c.Equal(4L, fh.GetSize(), "collectives accepted after a failed request completed");
    }

    // Under MPI_THREAD_MULTIPLE: the ranks start their collective one after the other, each waiting for a
    // message its predecessor sends only after its start call returned. An eager start would deadlock here
    // (rank 0 could not return before rank 1 joined), so completion proves the collective progresses in the
    // background while the callers do other work.
    private static void NonblockingOverlapsComputation(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("overlap"), Rw);
        const int n = 1 << 16;
        var data = Ints(n, w.Rank * n);
        if (!MpiFile.CollectivesRunInBackground)
        {
            var eager = fh.IWriteAtAll<int>(4L * n * w.Rank, data);
            c.True(eager.IsCompleted, "eager fallback completes at start");
            c.Equal(4L * n, eager.Wait().Bytes, "eager status");
            fh.WriteAtAllBegin<int>(4L * n * w.Rank, data);
            c.Equal(4L * n, fh.WriteAtAllEnd().Bytes, "eager split status");
            return;
        }
        var token = new int[1];
        if (w.Rank > 0) w.Recv<int>(token, w.Rank - 1, 71);
        var r = fh.IWriteAtAll<int>(4L * n * w.Rank, data);
        if (w.Rank < w.Size - 1) w.Send<int>(token, w.Rank + 1, 71);
        double work = Compute();
        c.Equal(4L * n, r.Wait().Bytes, "background iwrite_at_all");
        c.True(work > 0, "computed");

        var back = new int[n];
        if (w.Rank > 0) w.Recv<int>(token, w.Rank - 1, 72);
        fh.ReadAtAllBegin<int>(4L * n * w.Rank, back);
        if (w.Rank < w.Size - 1) w.Send<int>(token, w.Rank + 1, 72);
        Compute();
        c.Equal(4L * n, fh.ReadAtAllEnd().Bytes, "background split read");
        c.SequenceEqual<int>(data, back, "data");
    }

    private static void SequentialModeRules(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("seq"), FileMode.Create | FileMode.WriteOnly | FileMode.Sequential);
        c.Throws<MpiException>(() => fh.SeekShared(0, Whence.Set), e => e.ErrorClass == ErrorClass.UnsupportedOperation, "seek_shared");
        c.Throws<MpiException>(() => fh.WriteAtAllBegin<int>(0, new int[1]), e => e.ErrorClass == ErrorClass.UnsupportedOperation, "write_at_all_begin");
        c.Throws<MpiException>(() => fh.IWriteAtAll<int>(0, new int[1]), e => e.ErrorClass == ErrorClass.UnsupportedOperation, "iwrite_at_all");
        fh.WriteShared<int>([w.Rank]);
        fh.WriteOrdered<int>([w.Rank, w.Rank]);
        w.Barrier();
        c.Equal(12L * w.Size, fh.GetPositionShared(), "shared and ordered writes are the sequential way");
    }
}
