using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.RankTests.Scenarios;

/// <summary>MpiFile on every rank: open rules, independent access, pointers, partitions, nonblocking calls, hints, agreement.</summary>
public static class FileScenarios
{
    public static IReadOnlyList<Scenario> All() =>
    [
        new("OpenAmodeErrors", OpenAmodeErrors),
        new("OpenMissingAndExclusive", OpenMissingAndExclusive),
        new("WriteAtReadAtDisjoint", WriteAtReadAtDisjoint),
        new("IndividualPointerAndSeek", IndividualPointerAndSeek),
        new("ReadAtEndOfFile", ReadAtEndOfFile),
        new("InterleavedViewWholeFile", InterleavedViewWholeFile),
        new("StridedPartition", StridedPartition),
        new("Nonblocking", Nonblocking),
        new("GetInfoDefaults", GetInfoDefaults),
        new("HintValueRejected", HintValueRejected),
        new("SetSizePreallocate", SetSizePreallocate),
        new("SetSizeDifferentOnRanks", SetSizeDifferentOnRanks),
        new("AccessModeErrors", AccessModeErrors),
        new("DeleteOnClose", DeleteOnClose),
        new("SetViewFailsOnOneRank", SetViewFailsOnOneRank),
        new("NegativeFiletypeRejected", NegativeFiletypeRejected),
        new("ArgumentErrorsChangeNothing", ArgumentErrorsChangeNothing),
        new("AtomicModeAllOldOrAllNew", AtomicModeAllOldOrAllNew),
        new("MemoryDriverPrefix", MemoryDriverPrefix),
    ];

    private static bool IsClass(Exception e, ErrorClass c) => MpiIo.Errors.IoErrors.ClassOf(e) == c;

    private static void OpenAmodeErrors(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("a");
        foreach (var bad in new[] { FileMode.ReadOnly | FileMode.WriteOnly, FileMode.Create, FileMode.ReadOnly | FileMode.Create,
                                    FileMode.ReadOnly | FileMode.Exclusive, FileMode.ReadWrite | FileMode.Sequential, (FileMode)0x4000 | FileMode.ReadWrite })
            c.Throws<Exception>(() => MpiFile.Open(w, f, bad), e => IsClass(e, ErrorClass.Amode), $"amode {bad}");
        c.True(!File.Exists(f), "nothing created by rejected opens");
    }

    private static void OpenMissingAndExclusive(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("m");
        c.Throws<StorageException>(() => MpiFile.Open(w, f, FileMode.ReadOnly), e => e.ErrorClass == ErrorClass.NoSuchFile, "missing file");
        using (var fh = MpiFile.Open(w, f, FileMode.Create | FileMode.Exclusive | FileMode.ReadWrite)) c.True(fh.IsOpen, "created");
        c.Throws<StorageException>(() => MpiFile.Open(w, f, FileMode.Create | FileMode.Exclusive | FileMode.ReadWrite),
            e => e.ErrorClass == ErrorClass.FileExists, "exclusive on existing");
        c.Throws<StorageException>(() => MpiFile.Open(w, "nosuchfs:" + f, FileMode.ReadOnly), _ => true, "unknown prefix");
    }

    private static void WriteAtReadAtDisjoint(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("d");
        const int n = 100_000;
        using (var fh = MpiFile.Open(w, f, FileMode.Create | FileMode.WriteOnly))
        {
            var data = Enumerable.Range(0, n).Select(i => w.Rank * 1_000_000 + i).ToArray();
            var st = fh.WriteAt<int>((long)w.Rank * n * 4, data);
            c.Equal(4L * n, st.Bytes, "bytes written");
            c.Equal((long)n, st.GetCount(Datatype.Int), "count");
        }
        using (var fh = MpiFile.Open(w, f, FileMode.ReadOnly))
        {
            c.Equal(4L * n * w.Size, fh.GetSize(), "size");
            int other = (w.Rank + 1) % w.Size;
            var back = new int[n];
            fh.ReadAt<int>((long)other * n * 4, back);
            for (int i = 0; i < n; i++) if (back[i] != other * 1_000_000 + i) { c.Fail($"[{i}] = {back[i]}"); break; }
            c.Equal(FileMode.ReadOnly, fh.Amode, "amode");
            using var g = fh.GetGroup();
            c.Equal(w.Size, g.Size, "group");
        }
    }

    private static void IndividualPointerAndSeek(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w.Rank == 0 ? Communicator.Self : Communicator.Self, dir.File($"p{w.Rank}"), FileMode.Create | FileMode.ReadWrite);
        fh.SetView(8, Datatype.Int, Datatype.Int);
        fh.Write<int>([1, 2, 3]);
        c.Equal(3L, fh.GetPosition(), "pointer after write");
        c.Equal(8L + 12, fh.GetByteOffset(fh.GetPosition()), "byte offset");
        fh.Seek(-2, Whence.Current);
        var two = new int[2];
        fh.Read<int>(two);
        c.SequenceEqual<int>([2, 3], two, "read after seek");
        fh.Seek(0, Whence.End);
        c.Equal(3L, fh.GetPosition(), "seek end");
        fh.Seek(1, Whence.Set);
        c.Equal(1L, fh.GetPosition(), "seek set");
        c.Throws<MpiException>(() => fh.Seek(-5, Whence.Current), e => e.ErrorClass == ErrorClass.Arg, "seek before start");
        c.Equal(1L, fh.GetPosition(), "pointer unchanged by a rejected seek");
        c.Equal(20L, fh.GetSize(), "size");
    }

    private static void ReadAtEndOfFile(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("eof");
        using var fh = MpiFile.Open(w, f, FileMode.Create | FileMode.ReadWrite);
        if (w.Rank == 0) fh.WriteAt<byte>(0, new byte[10]);
        w.Barrier();
        var buf = new byte[16];
        var st = fh.ReadAt<byte>(4, buf);
        c.Equal(6L, st.Bytes, "contiguous read at EOF moves the bytes before it");
        fh.SetView(0, Datatype.Byte, Datatype.Resized(Datatype.Contiguous(2, Datatype.Byte).Commit(), 0, 4).Commit());
        st = fh.ReadAt<byte>(0, buf);
        // File bytes 0,1 4,5 8,9 of the 2-in-4 view lie before the end of the 10-byte file.
        c.Equal(6L, st.Bytes, "strided read at EOF counts the bytes before it");
        c.Equal(MpiIo.Mpi.Native.MpiAbi.MPI_UNDEFINED, (int)st.GetCount(Datatype.Contiguous(4, Datatype.Byte).Commit()), "partial count");
    }

    private static void InterleavedViewWholeFile(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("iv");
        const int blocks = 1000, blockInts = 3;
        var filetype = Datatype.Resized(Datatype.Contiguous(blockInts, Datatype.Int).Commit(), 0, 4L * blockInts * w.Size).Commit();
        using (var fh = MpiFile.Open(w, f, FileMode.Create | FileMode.ReadWrite))
        {
            fh.SetView(4L * blockInts * w.Rank, Datatype.Int, filetype);
            var data = Enumerable.Range(0, blocks * blockInts).Select(i => (i / blockInts * w.Size + w.Rank) * blockInts + i % blockInts).ToArray();
            fh.Write<int>(data);
        }
        using (var fh = MpiFile.Open(w, f, FileMode.ReadOnly))
        {
            var all = new int[blocks * blockInts * w.Size];
            fh.ReadAt<int>(0, all);
            for (int i = 0; i < all.Length; i++) if (all[i] != i) { c.Fail($"file int {i} = {all[i]}"); break; }
        }
    }

    private static void StridedPartition(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("part");
        const int g = 6, groups = 50;
        using (var fh = MpiFile.Open(w, f, FileMode.Create | FileMode.ReadWrite))
        {
            fh.Seek(3, Whence.Set);
            fh.SetPartition(g * w.Rank, g, g * w.Size);
            c.Equal(0L, fh.GetPosition(), "SetPartition resets the pointer");
            c.Equal(((long)g * w.Rank, (long)g, (long)g * w.Size), fh.GetPartition(), "GetPartition");
            var mine = Enumerable.Range(0, g * groups).Select(i => (byte)((i / g * w.Size + w.Rank) * g + i % g)).ToArray();
            fh.Write<byte>(mine);
            c.Equal(123L * g * w.Size + g * w.Rank + 5, fh.GetByteOffset(123 * g + 5), "partition byte offset");
        }
        w.Barrier();
        var file = File.ReadAllBytes(f);
        c.Equal(g * groups * w.Size, file.Length, "size");
        for (int i = 0; i < file.Length; i++) if (file[i] != (byte)i) { c.Fail($"byte {i} = {file[i]}"); break; }
        using (var fh = MpiFile.Open(w, f, FileMode.ReadWrite))
        {
            fh.SetPartition(0, 0, 0);
            var back = new byte[file.Length];
            fh.Read<byte>(back);
            c.True(back.AsSpan().SequenceEqual(file), "contiguous partition reads the whole file");
            c.Throws<MpiException>(() => fh.SetPartition(0, 8, 4), e => e.ErrorClass == ErrorClass.Arg, "gsize > stride");
        }
    }

    private static void Nonblocking(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("nb"), FileMode.Create | FileMode.ReadWrite);
        const int n = 1 << 18;
        var reqs = new List<IoRequest>();
        var chunks = new long[4][];
        for (int k = 0; k < 4; k++)
        {
            chunks[k] = Enumerable.Range(0, n).Select(i => (long)w.Rank << 40 | (long)k << 32 | (uint)i).ToArray();
            reqs.Add(fh.IWriteAt<long>(((long)w.Rank * 4 + k) * n * 8, chunks[k]));
        }
        // The accesses run while this thread computes.
        double spin = 0;
        for (int i = 0; i < 1000; i++) spin += Math.Sqrt(i);
        var statuses = IoRequest.WaitAll(reqs.ToArray());
        c.True(statuses.All(s => s.Bytes == 8L * n), "all written");
        w.Barrier();
        var back = new long[n];
        var r = fh.IReadAt<long>(((long)((w.Rank + 1) % w.Size) * 4 + 2) * n * 8, back);
        while (!r.Test(out _)) Thread.Yield();
        int other = (w.Rank + 1) % w.Size;
        for (int i = 0; i < n; i++) if (back[i] != ((long)other << 40 | 2L << 32 | (uint)i)) { c.Fail($"read back [{i}]"); break; }
        var any = IoRequest.WaitAny(fh.IReadAt<long>(0, new long[4]), fh.IReadAt<long>(8, new long[4]));
        c.True(any.Index is 0 or 1 && any.Status.Bytes == 32, "WaitAny");
        var p0 = fh.GetPosition();
        var rq = fh.IWrite<long>(new long[] { 1, 2 });
        c.Equal(p0 + 16, fh.GetPosition(), "pointer advances when the access starts");
        rq.Wait();
        c.True(spin > 0, "computed");
    }

    private static void GetInfoDefaults(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("info"), FileMode.Create | FileMode.ReadWrite, new Dictionary<string, string> { ["cb_buffer_size"] = "8388608", ["my_hint"] = "x" });
        var info = fh.GetInfo();
        var expected = new Dictionary<string, string>
        {
            ["cb_buffer_size"] = "8388608", ["romio_cb_read"] = "automatic", ["romio_cb_write"] = "automatic", ["cb_nodes"] = "1",
            ["cb_config_list"] = "*:1", ["ind_rd_buffer_size"] = "4194304", ["ind_wr_buffer_size"] = "524288",
            ["romio_ds_read"] = "automatic", ["romio_ds_write"] = "automatic", ["my_hint"] = "x",
        };
        foreach (var (k, v) in expected) c.Equal(v, info.TryGetValue(k, out var got) ? got : "(missing)", k);
        using var mi = fh.GetMpiInfo();
        c.Equal("8388608", mi["cb_buffer_size"], "as MpiInfo");
        fh.SetInfo(new Dictionary<string, string> { ["romio_ds_write"] = "disable" });
        c.Equal("disable", fh.GetInfo()["romio_ds_write"], "after SetInfo");
    }

    private static void HintValueRejected(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var bad = new Dictionary<string, string> { ["cb_buffer_size"] = w.Rank == w.Size - 1 ? "lots" : "1024" };
        c.Throws<MpiException>(() => MpiFile.Open(w, dir.File("h"), FileMode.Create | FileMode.ReadWrite, bad),
            e => e.ErrorClass == ErrorClass.InfoValue, "malformed cb_buffer_size on one rank fails everywhere");
        using var fh = MpiFile.Open(w, dir.File("h"), FileMode.Create | FileMode.ReadWrite);
        c.Throws<MpiException>(() => fh.SetInfo(new Dictionary<string, string> { ["romio_cb_write"] = "sometimes" }),
            e => e.ErrorClass == ErrorClass.InfoValue, "bad switch value");
        c.Equal("automatic", fh.GetInfo()["romio_cb_write"], "rejected SetInfo changes nothing");
    }

    private static void SetSizePreallocate(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("sz"), FileMode.Create | FileMode.ReadWrite);
        fh.SetSize(12345);
        c.Equal(12345L, fh.GetSize(), "set size");
        fh.Preallocate(100);
        c.Equal(12345L, fh.GetSize(), "preallocate never shrinks");
        fh.Preallocate(20000);
        c.Equal(20000L, fh.GetSize(), "preallocate extends");
        fh.SetSize(10);
        c.Equal(10L, fh.GetSize(), "truncate");
        c.Throws<MpiException>(() => fh.SetSize(-1), e => e.ErrorClass == ErrorClass.Arg, "negative size");
        c.Equal(10L, fh.GetSize(), "unchanged");
        fh.Sync();
    }

    private static void SetSizeDifferentOnRanks(Communicator w, RankCheck c)
    {
        if (w.Size == 1) return;
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("ns"), FileMode.Create | FileMode.ReadWrite);
        c.Throws<MpiException>(() => fh.SetSize(100 + w.Rank), e => e.ErrorClass == ErrorClass.NotSame, "different sizes");
        c.Equal(0L, fh.GetSize(), "unchanged");
        c.Throws<MpiException>(() => fh.SetAtomicity(w.Rank == 0), e => e.ErrorClass == ErrorClass.NotSame, "different atomicity");
    }

    private static void AccessModeErrors(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("am");
        using (var wo = MpiFile.Open(w, f, FileMode.Create | FileMode.WriteOnly))
            c.Throws<MpiException>(() => wo.ReadAt<int>(0, new int[1]), e => e.ErrorClass == ErrorClass.Access, "read on WriteOnly");
        using (var ro = MpiFile.Open(w, f, FileMode.ReadOnly))
        {
            c.Throws<MpiException>(() => ro.WriteAt<int>(0, new int[1]), e => e.ErrorClass == ErrorClass.ReadOnly, "write on ReadOnly");
            c.Throws<MpiException>(() => ro.IWriteAt<int>(0, new int[1]), e => e.ErrorClass == ErrorClass.ReadOnly, "iwrite on ReadOnly");
            c.Equal(0L, ro.GetSize(), "nothing written");
        }
        using (var sq = MpiFile.Open(w, f, FileMode.WriteOnly | FileMode.Sequential))
            c.Throws<MpiException>(() => sq.WriteAt<int>(0, new int[1]), e => e.ErrorClass == ErrorClass.UnsupportedOperation, "explicit offset on Sequential");
        using (var ap = MpiFile.Open(w, f, FileMode.WriteOnly | FileMode.Append))
        {
            c.Equal(0L, ap.GetPosition(), "append on empty file");
        }
    }

    private static void DeleteOnClose(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        var f = dir.File("doc");
        var fh = MpiFile.Open(w, f, FileMode.Create | FileMode.ReadWrite | FileMode.DeleteOnClose);
        fh.WriteAt<int>(w.Rank * 4, [w.Rank]);
        w.Barrier();
        c.True(File.Exists(f), "exists while open");
        fh.Close();
        c.True(!File.Exists(f), "deleted on close");
        c.Throws<StorageException>(() => MpiFile.Delete(f), e => e.ErrorClass == ErrorClass.NoSuchFile, "delete missing");
        c.Throws<MpiException>(() => fh.WriteAt<int>(0, [1]), e => e.ErrorClass == ErrorClass.File, "closed file");
    }

    private static void SetViewFailsOnOneRank(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("v1"), FileMode.Create | FileMode.ReadWrite);
        // Only the last rank passes a filetype whose size is not a multiple of the etype's: every rank fails alike.
        var ft = w.Rank == w.Size - 1 ? Datatype.Contiguous(3, Datatype.Byte).Commit() : Datatype.Int;
        c.Throws<MpiException>(() => fh.SetView(0, Datatype.Int, ft), e => e.ErrorClass == ErrorClass.Arg, "same class on all ranks");
        c.Equal(Datatype.Byte, fh.GetView().Etype, "view unchanged");
        c.Throws<MpiException>(() => fh.SetView(0, Datatype.Int, Datatype.Int, "big-endian"), e => e.ErrorClass == ErrorClass.UnsupportedDatarep, "datarep");
        c.Throws<MpiException>(() => fh.SetView(-8, Datatype.Int, Datatype.Int), e => e.ErrorClass == ErrorClass.Arg, "negative disp");
    }

    private static void NegativeFiletypeRejected(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("neg"), FileMode.Create | FileMode.ReadWrite);
        var negative = Datatype.Hindexed([1], [-4], Datatype.Int).Commit();
        c.Throws<MpiException>(() => fh.SetView(16, Datatype.Int, negative), e => e.ErrorClass == ErrorClass.IO, "negative displacement");
        var overlapping = Datatype.Hindexed([2, 1], [0, 4], Datatype.Int).Commit();
        using var ro = MpiFile.Open(w, dir.File("neg"), FileMode.ReadOnly);
        ro.SetView(0, Datatype.Int, overlapping);
        c.Equal(overlapping, ro.GetView().Filetype, "overlapping filetype accepted on a read-only file");
    }

    private static void ArgumentErrorsChangeNothing(Communicator w, RankCheck c)
    {
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(Communicator.Self, dir.File($"arg{w.Rank}"), FileMode.Create | FileMode.ReadWrite);
        c.Throws<MpiException>(() => fh.WriteAt(-1, new byte[4], 1, Datatype.Int), e => e.ErrorClass == ErrorClass.Arg, "negative offset");
        c.Throws<MpiException>(() => fh.WriteAt(0, new byte[4], -1, Datatype.Int), e => e.ErrorClass == ErrorClass.Count, "negative count");
        c.Throws<MpiException>(() => fh.WriteAt(0, new byte[4], 2, Datatype.Int), e => e.ErrorClass == ErrorClass.Buffer, "buffer too small");
        c.Throws<MpiException>(() => fh.WriteAt(0, new byte[4], 1, Datatype.Contiguous(1, Datatype.Int)), e => e.ErrorClass == ErrorClass.Type, "uncommitted type");
        fh.SetView(0, Datatype.Int, Datatype.Int);
        c.Throws<MpiException>(() => fh.WriteAt(0, new byte[6], 6, Datatype.Byte), e => e.ErrorClass == ErrorClass.IO, "not whole etypes");
        c.Equal(0L, fh.GetSize(), "nothing written by rejected calls");
    }

    private static void AtomicModeAllOldOrAllNew(Communicator w, RankCheck c)
    {
        if (w.Size == 1) return;
        using var dir = new SharedDirectory(w);
        using var fh = MpiFile.Open(w, dir.File("atomic"), FileMode.Create | FileMode.ReadWrite);
        fh.SetAtomicity(true);
        c.True(fh.GetAtomicity(), "atomic on");
        const int n = 256 * 1024;
        // Strided, so the write is several pieces and a reader could see a mix without the lock.
        var ft = Datatype.Resized(Datatype.Contiguous(4096, Datatype.Byte).Commit(), 0, 8192).Commit();
        fh.SetView(0, Datatype.Byte, ft);
        if (w.Rank == 0) fh.WriteAt<byte>(0, new byte[n]);
        w.Barrier();
        var buf = new byte[n];
        if (w.Rank == 0)
        {
            for (int round = 1; round <= 20; round++)
            {
                buf.AsSpan().Fill((byte)round);
                fh.WriteAt<byte>(0, buf);
            }
        }
        else
        {
            for (int k = 0; k < 40; k++)
            {
                fh.ReadAt<byte>(0, buf);
                byte first = buf[0];
                int bad = buf.AsSpan().IndexOfAnyExcept(first);
                if (bad >= 0) { c.Fail($"read {k} mixes {first} and {buf[bad]} at {bad}"); break; }
            }
        }
        w.Barrier();
    }

    private static void MemoryDriverPrefix(Communicator w, RankCheck c)
    {
        var name = $"mem:/scenario-{w.Rank}";
        using (var fh = MpiFile.Open(Communicator.Self, name, FileMode.Create | FileMode.ReadWrite))
        {
            fh.WriteAt<double>(8, [1.5, 2.5]);
            c.Equal(24L, fh.GetSize(), "mem size");
            var d = new double[3];
            fh.ReadAt<double>(0, d);
            c.SequenceEqual<double>([0, 1.5, 2.5], d, "mem read");
        }
        MpiFile.Delete(name);
    }
}
