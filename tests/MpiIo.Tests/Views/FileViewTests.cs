using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Tests.Datatypes;
using MpiIo.Views;
using NUnit.Framework;

namespace MpiIo.Tests.Views;

/// <summary>View checks (ROMIO's, with MPICH's error classes) and the view mappings against brute force.</summary>
public class FileViewTests
{
    private static ErrorClass Rejected(TestDelegate call) => Assert.Throws<MpiException>(call)!.ErrorClass;

    [Test]
    public void Create_NegativeDisp_ThrowsArg() =>
        Assert.That(Rejected(() => FileView.Create(-1, Datatype.Int, Datatype.Int, "native", false)), Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void Create_UnknownDatarep_ThrowsUnsupportedDatarep([Values("Native", "External32", "xdr", "")] string datarep) =>
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Int, Datatype.Int, datarep, false)), Is.EqualTo(ErrorClass.UnsupportedDatarep));

    [Test]
    public void Create_KnownDatareps_AcceptedAsLowerCase([Values("native", "internal", "external32", "NATIVE", "INTERNAL", "EXTERNAL32")] string datarep) =>
        Assert.That(FileView.Create(0, Datatype.Int, Datatype.Vector(2, 1, 2, Datatype.Int).Commit(), datarep, false).Datarep,
            Is.EqualTo(datarep.ToLowerInvariant()));

    [Test]
    public void Create_UncommittedFiletype_ThrowsType() =>
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Int, Datatype.Vector(2, 1, 2, Datatype.Int), "native", false)),
            Is.EqualTo(ErrorClass.Type));

    [Test]
    public void Create_UncommittedEtype_ThrowsType() =>
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Contiguous(2, Datatype.Int), Datatype.Int, "native", false)),
            Is.EqualTo(ErrorClass.Type));

    [Test]
    public void Create_NullEtype_ThrowsArg() =>
        Assert.That(Rejected(() => FileView.Create(0, null!, Datatype.Int, "native", false)), Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void Create_External32WithLong_ThrowsUnsupportedDatarep() =>
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Long, Datatype.Long, "external32", false)), Is.EqualTo(ErrorClass.UnsupportedDatarep));

    [Test]
    public void Create_FiletypeNotMultipleOfEtype_ThrowsArg() =>
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Int, Datatype.Contiguous(3, Datatype.Short).Commit(), "native", false)), Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void Create_EmptyFiletype_ThrowsArg() =>
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Int, Datatype.Contiguous(0, Datatype.Int).Commit(), "native", false)), Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void Create_EmptyEtype_ThrowsArg() =>
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Contiguous(0, Datatype.Int).Commit(), Datatype.Int, "native", false)), Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void Create_NullFiletype_ThrowsArg() =>
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Int, null!, "native", false)), Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void Create_NegativeFiletypeDisplacement_ThrowsIO([Values] bool readOnly) =>
        Assert.That(Rejected(() => FileView.Create(64, Datatype.Int, Datatype.Hindexed([1, 1], [-4, 8], Datatype.Int).Commit(), "native", readOnly)),
            Is.EqualTo(ErrorClass.IO));

    [Test]
    public void Create_DecreasingDisplacements_ThrowsIO([Values] bool readOnly) =>
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Int, Datatype.Hindexed([1, 1], [8, 0], Datatype.Int).Commit(), "native", readOnly)),
            Is.EqualTo(ErrorClass.IO));

    [Test]
    public void Create_OverlappingBlocks_ThrowsIOUnlessReadOnly()
    {
        Datatype overlapping = Datatype.Hindexed([2, 1], [0, 4], Datatype.Int).Commit();
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Int, overlapping, "native", false)), Is.EqualTo(ErrorClass.IO));
        FileView view = FileView.Create(0, Datatype.Int, overlapping, "native", readOnlyFile: true);
        Assert.That(view.FileOffsetOf(8), Is.EqualTo(4));
        Assert.That(Rejected(() => view.ViewByteAtOrAfter(4)), Is.EqualTo(ErrorClass.UnsupportedOperation));
    }

    [Test]
    public void Create_TiledCopiesOverlap_ThrowsIOUnlessReadOnly()
    {
        // Two ints per copy but an extent of one int: copy 1 covers bytes 4..12, overlapping copy 0.
        Datatype filetype = Datatype.Resized(Datatype.Contiguous(2, Datatype.Int), 0, 4).Commit();
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Int, filetype, "native", false)), Is.EqualTo(ErrorClass.IO));
        FileView view = FileView.Create(0, Datatype.Int, filetype, "native", readOnlyFile: true);
        Assert.That(view.FileOffsetOf(8), Is.EqualTo(4));
    }

    [Test]
    public void Create_TiledCopiesDecrease_ThrowsIO([Values] bool readOnly)
    {
        // Blocks at 0 and 16, extent 8: copy 1 starts at 8, below the previous block at 16.
        Datatype filetype = Datatype.Resized(Datatype.Hindexed([1, 1], [0, 16], Datatype.Int), 0, 8).Commit();
        Assert.That(Rejected(() => FileView.Create(0, Datatype.Int, filetype, "native", readOnly)), Is.EqualTo(ErrorClass.IO));
    }

    [Test]
    public void Default_IsBytesFromZero()
    {
        FileView view = FileView.Default;
        Assert.Multiple(() =>
        {
            Assert.That(view.Disp, Is.EqualTo(0));
            Assert.That(view.Etype, Is.SameAs(Datatype.Byte));
            Assert.That(view.Filetype, Is.SameAs(Datatype.Byte));
            Assert.That(view.Datarep, Is.EqualTo("native"));
            Assert.That(view.IsContiguous, Is.True);
            Assert.That(view.FileOffsetOf(12345), Is.EqualTo(12345));
            Assert.That(view.ViewByteAtOrAfter(77), Is.EqualTo(77));
        });
    }

    [Test]
    public void FileOffsetOf_RomioResizedCase_IntsAtZeroAndTwelve()
    {
        // ROMIO's resized test: int resized to lb 4, extent 12, resized again the same way; two ints written
        // through the view land at ints 0 and 3, so the file is 16 bytes.
        Datatype inner = Datatype.Resized(Datatype.Int, 4, 12).Commit();
        Datatype filetype = Datatype.Resized(inner, 4, 12).Commit();
        FileView view = FileView.Create(0, Datatype.Int, filetype, "native", false);
        Assert.Multiple(() =>
        {
            Assert.That(view.FileOffsetOf(0), Is.EqualTo(0));
            Assert.That(view.FileOffsetOf(4), Is.EqualTo(12));
            Assert.That(Blocks(view, 0, 8), Is.EqualTo(new[] { new FileBlock(0, 4), new FileBlock(12, 4) }));
            Assert.That(view.AccessSummary(0, 8), Is.EqualTo(new AccessSummary(0, 16, 2, 8)));
            Assert.That(view.ViewByteAtOrAfter(4), Is.EqualTo(4));
            Assert.That(view.ViewByteAtOrAfter(13), Is.EqualTo(5));
        });
    }

    [Test]
    public void GetByteOffset_VectorOfInts_MatchesRomioTest()
    {
        // ROMIO's C++ test: view at 1000 with vector(10, 10, 20) of ints; etype offset 10 is at 1000 + 20 ints.
        FileView view = FileView.Create(1000, Datatype.Int, Datatype.Vector(10, 10, 20, Datatype.Int).Commit(), "native", false);
        Assert.That(view.GetByteOffset(10), Is.EqualTo(1000 + 20 * 4));
        Assert.That(Rejected(() => view.GetByteOffset(-1)), Is.EqualTo(ErrorClass.Arg));
    }

    [Test]
    public void FileOffsetOf_ContiguousFiletypeWithDisp_IsDispPlusPosition()
    {
        FileView view = FileView.Create(100, Datatype.Double, Datatype.Contiguous(4, Datatype.Double).Commit(), "native", false);
        Assert.That(view.IsContiguous, Is.True);
        Assert.That(view.FileOffsetOf(1000), Is.EqualTo(1100));
        Assert.That(view.ViewByteAtOrAfter(50), Is.EqualTo(0));
        Assert.That(Blocks(view, 8, 80), Is.EqualTo(new[] { new FileBlock(108, 80) }));
        Assert.That(view.AccessSummary(8, 80), Is.EqualTo(new AccessSummary(108, 188, 1, 80)));
    }

    [Test]
    public void FileOffsetOf_FiletypeStartingPastZero_NotContiguous()
    {
        // One block of the filetype's whole size, but at byte 8: not "disp + p".
        Datatype filetype = Datatype.Resized(Datatype.Hindexed([2], [8], Datatype.Int), 0, 8).Commit();
        FileView view = FileView.Create(0, Datatype.Int, filetype, "native", false);
        Assert.That(view.IsContiguous, Is.False);
        Assert.That(view.FileOffsetOf(0), Is.EqualTo(8));
        Assert.That(Blocks(view, 0, 32), Is.EqualTo(new[] { new FileBlock(8, 32) }));
    }

    [Test]
    public void Views_RandomFiletypes_MatchBruteForce([Range(0, 299)] int seed)
    {
        var rng = new Random(seed);
        ReferenceType r = ReferenceTypemap.Random(rng, 3, monotone: rng.Next(4) != 0);
        Datatype filetype = r.Type.Commit();
        if (filetype.Size == 0)
            return;
        long[] tiled = ReferenceTypemap.Tiled(r, 3);
        var merged = ReferenceTypemap.Merge(tiled);
        bool nonnegative = r.Bytes.Min() >= 0;
        bool ordered = merged.Zip(merged.Skip(1)).All(p => p.First.Offset <= p.Second.Offset);
        bool strictlyIncreasing = tiled.Zip(tiled.Skip(1)).All(p => p.First < p.Second);
        long disp = rng.Next(0, 100);

        if (!(nonnegative && ordered))
        {
            Assert.That(Rejected(() => FileView.Create(disp, Datatype.Byte, filetype, "native", true)), Is.EqualTo(ErrorClass.IO), r.Recipe);
            return;
        }
        Assert.DoesNotThrow(() => FileView.Create(disp, Datatype.Byte, filetype, "native", true), r.Recipe);
        if (!strictlyIncreasing)
        {
            Assert.That(Rejected(() => FileView.Create(disp, Datatype.Byte, filetype, "native", false)), Is.EqualTo(ErrorClass.IO), r.Recipe);
            return;
        }
        FileView view = FileView.Create(disp, Datatype.Byte, filetype, "native", false);

        for (int p = 0; p < tiled.Length; p++)
            Assert.That(view.FileOffsetOf(p), Is.EqualTo(disp + tiled[p]), $"{r.Recipe} position {p}");
        for (long x = disp + tiled[0] - 3; x <= disp + tiled[^1] - filetype.Extent; x++)
            Assert.That(view.ViewByteAtOrAfter(x), Is.EqualTo(tiled.Count(b => disp + b < x)), $"{r.Recipe} offset {x}");

        var source = new ViewBlockSource();
        for (int trial = 0; trial < 5; trial++)
        {
            int start = rng.Next(0, tiled.Length);
            int length = rng.Next(0, tiled.Length - start + 1);
            var expected = ReferenceTypemap.Merge(tiled.AsSpan(start, length).ToArray())
                .Select(b => new FileBlock(disp + b.Offset, b.Length)).ToList();
            source.Reset(view, start, length);
            var actual = new List<FileBlock>();
            var chunk = new FileBlock[rng.Next(1, 4)];
            int n;
            while ((n = source.Fill(chunk)) > 0)
                actual.AddRange(chunk.AsSpan(0, n).ToArray());
            Assert.That(actual, Is.EqualTo(expected), $"{r.Recipe} range {start}+{length}");
            Assert.That(source.Remaining, Is.EqualTo(0));

            AccessSummary summary = view.AccessSummary(start, length);
            if (length > 0)
            {
                Assert.That(summary, Is.EqualTo(new AccessSummary(expected[0].Offset, expected[^1].End, expected.Count, length)),
                    $"{r.Recipe} summary {start}+{length}");
            }
            else
            {
                Assert.That(summary.BlockCount, Is.EqualTo(0));
            }
        }
    }

    [Test]
    public void Blocks_VectorOfBillionBlocks_StreamsFromTheMiddle()
    {
        Datatype filetype = Datatype.Vector(1_000_000_000, 1, 2, Datatype.Double).Commit();
        FileView view = FileView.Create(4096, Datatype.Double, filetype, "native", false);
        var source = new ViewBlockSource();
        var blocks = new FileBlock[4];
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = 8L * 999_999_998;
        source.Reset(view, start, 8 * 4);
        int n = source.Fill(blocks);
        AccessSummary summary = view.AccessSummary(start, 8 * 4);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long copyExtent = filetype.Extent;
        Assert.Multiple(() =>
        {
            // The last double of copy 0 ends where copy 1 begins: merged.
            Assert.That(copyExtent, Is.EqualTo(16L * 999_999_999 + 8));
            Assert.That(n, Is.EqualTo(3));
            Assert.That(blocks[0], Is.EqualTo(new FileBlock(4096 + 16L * 999_999_998, 8)));
            Assert.That(blocks[1], Is.EqualTo(new FileBlock(4096 + 16L * 999_999_999, 16)));
            Assert.That(blocks[2], Is.EqualTo(new FileBlock(4096 + copyExtent + 16, 8)));
            Assert.That(summary.BlockCount, Is.EqualTo(3));
            Assert.That(allocated, Is.LessThan(1 << 20));
        });
    }

    [Test]
    public void AccessSummary_SmallStridedPieces_FavoursSieving()
    {
        FileView strided = FileView.Create(0, Datatype.Int, Datatype.Vector(1000, 16, 20, Datatype.Int).Commit(), "native", false);
        AccessSummary small = strided.AccessSummary(0, 64 * 100);
        Assert.That(small.BlockCount, Is.EqualTo(100));
        Assert.That(small.AverageBlock, Is.EqualTo(64));
        Assert.That(small.AverageGap, Is.EqualTo(16));
        Assert.That(small.FavoursSieving, Is.True);

        FileView sparse = FileView.Create(0, Datatype.Int, Datatype.Vector(10, 16, 4096, Datatype.Int).Commit(), "native", false);
        Assert.That(sparse.AccessSummary(0, 64 * 5).FavoursSieving, Is.False, "gaps beyond 4 KiB");
        Assert.That(FileView.Default.AccessSummary(0, 1 << 30).FavoursSieving, Is.False, "one block");
    }

    [Test]
    public void AccessSummary_NegativeLength_ThrowsArg() =>
        Assert.That(Rejected(() => FileView.Default.AccessSummary(0, -1)), Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void Reset_NullView_ThrowsArg() =>
        Assert.That(Rejected(() => new ViewBlockSource().Reset(null!, 0, 4)), Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void Reset_NegativeStart_ThrowsArg() =>
        Assert.That(Rejected(() => new ViewBlockSource().Reset(FileView.Default, -1, 4)), Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void FileOffsetOf_NegativePosition_ThrowsArg()
    {
        Assert.That(Rejected(() => FileView.Default.FileOffsetOf(-1)), Is.EqualTo(ErrorClass.Arg));
        FileView strided = FileView.Create(0, Datatype.Int, Datatype.Vector(2, 1, 2, Datatype.Int).Commit(), "native", false);
        Assert.That(Rejected(() => strided.FileOffsetOf(-1)), Is.EqualTo(ErrorClass.Arg));
    }

    private static List<FileBlock> Blocks(FileView view, long start, long length)
    {
        var source = view.Blocks(start, length);
        var all = new List<FileBlock>();
        var chunk = new FileBlock[16];
        int n;
        while ((n = source.Fill(chunk)) > 0)
            all.AddRange(chunk.AsSpan(0, n).ToArray());
        return all;
    }
}
