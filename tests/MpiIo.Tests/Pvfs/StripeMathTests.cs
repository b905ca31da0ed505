using MpiIo.Storage;
using MpiIo.Storage.Striping;

namespace MpiIo.Tests.Pvfs;

[TestFixture]
public class StripeMathTests
{
    // 10-byte stripes over 3 of 4 I/O servers, starting at I/O server 1.
    private static readonly StripingLayout L = new(10, 3, 1);

    [TestCase(0, 0, 0, 0L)]
    [TestCase(9, 0, 0, 9L)]
    [TestCase(10, 1, 1, 0L)]
    [TestCase(25, 2, 2, 5L)]
    [TestCase(30, 3, 0, 10L)]
    [TestCase(47, 4, 1, 17L)]
    [TestCase(65, 6, 0, 25L)]
    public void Map_Table_MatchesHandComputed(long offset, long stripe, int server, long local)
    {
        Assert.That(StripeMath.StripeOf(L, offset), Is.EqualTo(stripe));
        Assert.That(StripeMath.ServerOf(L, offset), Is.EqualTo(server));
        Assert.That(StripeMath.LocalOffset(L, offset), Is.EqualTo(local));
        Assert.That(StripeMath.LogicalOffset(L, server, local), Is.EqualTo(offset));
    }

    [TestCase(0, 1)]
    [TestCase(1, 2)]
    [TestCase(2, 3)]
    public void FileServer_BaseOnePcountThreeOfFour_Rotates(int k, int expected)
        => Assert.That(StripeMath.FileServer(L, k, 4), Is.EqualTo(expected));

    [Test]
    public void FileServer_BaseThree_WrapsAround()
    {
        var layout = new StripingLayout(10, 3, 3);
        Assert.That(new[] { StripeMath.FileServer(layout, 0, 4), StripeMath.FileServer(layout, 1, 4), StripeMath.FileServer(layout, 2, 4) },
            Is.EqualTo(new[] { 3, 0, 1 }));
    }

    [Test]
    public void AlignAndStripeStart_Table_MatchHandComputed()
    {
        Assert.That(StripeMath.AlignDown(L, 25), Is.EqualTo(20));
        Assert.That(StripeMath.AlignUp(L, 25), Is.EqualTo(30));
        Assert.That(StripeMath.AlignUp(L, 30), Is.EqualTo(30));
        Assert.That(StripeMath.StripeStart(L, 2), Is.EqualTo(20));
    }

    [Test]
    public void LocalSize_Size47_SplitsTwentySeventeenTen()
    {
        Assert.That(new[] { StripeMath.LocalSize(L, 47, 0), StripeMath.LocalSize(L, 47, 1), StripeMath.LocalSize(L, 47, 2) },
            Is.EqualTo(new long[] { 20, 17, 10 }));
        Assert.That(StripeMath.LogicalSize(L, [20, 17, 10]), Is.EqualTo(47));
    }

    [Test]
    public void LogicalSize_OnlyLastServerHasData_ComesFromIt()
    {
        // A 5-byte write at offset 25 (stripe 2, server 2, local 5..10).
        Assert.That(StripeMath.LogicalSize(L, [0, 0, 10]), Is.EqualTo(30));
        Assert.That(StripeMath.LogicalSize(L, [0, 0, 0]), Is.EqualTo(0));
    }

    [Test]
    public void Split_Range5To35_FourPiecesInLogicalOrder()
    {
        var pieces = new List<StripePiece>();
        foreach (StripePiece p in StripeMath.Split(L, 5, 30))
            pieces.Add(p);
        Assert.That(pieces, Is.EqualTo(new[]
        {
            new StripePiece(0, 5, 5, 5, 0),
            new StripePiece(1, 0, 10, 10, 5),
            new StripePiece(2, 0, 20, 10, 15),
            new StripePiece(0, 10, 30, 5, 25),
        }));
    }

    [Test]
    public void PiecesOn_ServerZero_SkipsOtherServersStripes()
    {
        var pieces = new List<StripePiece>();
        foreach (StripePiece p in StripeMath.PiecesOn(L, 0, new FileBlock(5, 30), 100))
            pieces.Add(p);
        Assert.That(pieces, Is.EqualTo(new[] { new StripePiece(0, 5, 5, 5, 100), new StripePiece(0, 10, 30, 5, 125) }));
    }

    [Test]
    public void PiecesOn_BlockInsideAnotherServersStripe_Empty()
    {
        var enumerator = StripeMath.PiecesOn(L, 1, new FileBlock(31, 2));
        Assert.That(enumerator.MoveNext(), Is.False);
    }

    [Test]
    public void SplitBlocks_TwoBlocks_StreamOffsetsRunOn()
    {
        FileBlock[] blocks = [new(8, 4), new(0, 0), new(40, 3)];
        var pieces = new List<StripePiece>();
        foreach (StripePiece p in StripeMath.Split(L, blocks))
            pieces.Add(p);
        Assert.That(pieces, Is.EqualTo(new[]
        {
            new StripePiece(0, 8, 8, 2, 0),
            new StripePiece(1, 0, 10, 2, 2),
            new StripePiece(1, 10, 40, 3, 4),
        }));
        Assert.That(StripeMath.BytesOn(L, 0, 5, 30), Is.EqualTo(10));
    }

    [Test]
    public void Validate_BadFields_ThrowArg()
    {
        Assert.Throws<StorageException>(() => StripeMath.Validate(new StripingLayout(0, 1, 0)));
        Assert.Throws<StorageException>(() => StripeMath.Validate(new StripingLayout(1, 0, 0)));
        Assert.Throws<StorageException>(() => StripeMath.Validate(new StripingLayout(1, 1, -1)));
        Assert.DoesNotThrow(() => StripeMath.Validate(L));
    }

    [Test]
    public void AllFunctions_RandomLayouts_AgreeWithByteByByteModel()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 200; trial++)
        {
            var layout = new StripingLayout(random.Next(1, 9), random.Next(1, 5), random.Next(0, 4));
            long offset = random.Next(0, 60), length = random.Next(0, 60);
            var model = new Dictionary<int, List<(long Local, long Logical)>>();
            for (long b = offset; b < offset + length; b++)
            {
                long stripe = b / layout.StripeSize;
                int k = (int)(stripe % layout.ServerCount);
                long local = stripe / layout.ServerCount * layout.StripeSize + b % layout.StripeSize;
                if (!model.TryGetValue(k, out var list))
                    model[k] = list = [];
                list.Add((local, b));
            }
            for (int k = 0; k < layout.ServerCount; k++)
            {
                var bytes = new List<(long, long)>();
                foreach (StripePiece p in StripeMath.PiecesOn(layout, k, new FileBlock(offset, length)))
                    for (long i = 0; i < p.Length; i++)
                        bytes.Add((p.LocalOffset + i, p.LogicalOffset + i));
                Assert.That(bytes, Is.EqualTo(model.GetValueOrDefault(k) ?? []), $"layout {layout}, server {k}");
                Assert.That(StripeMath.BytesOn(layout, k, offset, length), Is.EqualTo(bytes.Count));
                long localSize = model.TryGetValue(k, out var l) && offset == 0 ? l.Count : StripeMath.LocalSize(layout, offset + length, k);
                Assert.That(StripeMath.LocalSize(layout, offset + length, k), Is.EqualTo(localSize));
            }
            long size = offset + length;
            long[] sizes = new long[layout.ServerCount];
            for (int k = 0; k < sizes.Length; k++)
                sizes[k] = StripeMath.LocalSize(layout, size, k);
            Assert.That(StripeMath.LogicalSize(layout, sizes), Is.EqualTo(size), $"layout {layout}, size {size}");
        }
    }
}
