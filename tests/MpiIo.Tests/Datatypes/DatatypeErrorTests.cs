using MpiIo.Datatypes;
using MpiIo.Mpi;
using NUnit.Framework;
using D = MpiIo.Datatypes.Datatype;

namespace MpiIo.Tests.Datatypes;

/// <summary>Every rejected constructor argument, with MPI's error class.</summary>
public class DatatypeErrorTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData C(string name, TestDelegate call, ErrorClass cls) =>
            new TestCaseData(call, cls).SetName($"Constructor_{name}_Throws{cls}");

        yield return C("ContiguousNegativeCount", () => D.Contiguous(-1, D.Int), ErrorClass.Count);
        yield return C("ContiguousNullType", () => D.Contiguous(1, null!), ErrorClass.Type);
        yield return C("VectorNegativeCount", () => D.Vector(-1, 1, 1, D.Int), ErrorClass.Count);
        yield return C("VectorNegativeBlocklength", () => D.Vector(1, -1, 1, D.Int), ErrorClass.Count);
        yield return C("HvectorNegativeCount", () => D.Hvector(-2, 1, 8, D.Int), ErrorClass.Count);
        yield return C("IndexedLengthMismatch", () => D.Indexed([1, 2], [0], D.Int), ErrorClass.Arg);
        yield return C("IndexedNegativeBlocklength", () => D.Indexed([1, -2], [0, 4], D.Int), ErrorClass.Count);
        yield return C("HindexedNullArray", () => D.Hindexed(null!, [0], D.Int), ErrorClass.Arg);
        yield return C("IndexedBlockNegativeBlocklength", () => D.IndexedBlock(-1, [0], D.Int), ErrorClass.Count);
        yield return C("HindexedBlockNullArray", () => D.HindexedBlock(1, null!, D.Int), ErrorClass.Arg);
        yield return C("StructTypesMismatch", () => D.Struct([1, 1], [0, 4], [D.Int]), ErrorClass.Arg);
        yield return C("StructNullMember", () => D.Struct([1], [0], [null!]), ErrorClass.Type);
        yield return C("StructNegativeBlocklength", () => D.Struct([-1], [0], [D.Int]), ErrorClass.Count);
        yield return C("ResizedNull", () => D.Resized(null!, 0, 4), ErrorClass.Type);
        yield return C("ResizedOverflow", () => D.Resized(D.Int, long.MaxValue, 1), ErrorClass.Arg);
        yield return C("DupNull", () => D.Dup(null!), ErrorClass.Type);
        yield return C("SizeOverflow", () => D.Contiguous(int.MaxValue, D.Contiguous(int.MaxValue, D.Contiguous(int.MaxValue, D.Double))), ErrorClass.Arg);
        yield return C("HvectorExtentOverflow", () => D.Hvector(3, 1, long.MaxValue / 2, D.Int), ErrorClass.Arg);
        yield return C("SubarrayNoDims", () => D.Subarray([], [], [], Order.C, D.Int), ErrorClass.Dims);
        yield return C("SubarrayMismatch", () => D.Subarray([4, 4], [2], [0, 0], Order.C, D.Int), ErrorClass.Arg);
        yield return C("SubarraySizeZero", () => D.Subarray([0], [0], [0], Order.C, D.Int), ErrorClass.Arg);
        yield return C("SubarraySubsizeTooBig", () => D.Subarray([4], [5], [0], Order.C, D.Int), ErrorClass.Arg);
        yield return C("SubarraySubsizeZero", () => D.Subarray([4], [0], [0], Order.C, D.Int), ErrorClass.Arg);
        yield return C("SubarrayStartTooBig", () => D.Subarray([4], [2], [3], Order.C, D.Int), ErrorClass.Arg);
        yield return C("SubarrayStartNegative", () => D.Subarray([4], [2], [-1], Order.C, D.Int), ErrorClass.Arg);
        yield return C("SubarrayBadOrder", () => D.Subarray([4], [2], [0], (Order)7, D.Int), ErrorClass.Arg);
        yield return C("DarrayPsizesProduct", () => D.Darray(4, 0, [8, 8], [Distribution.Block, Distribution.Block], [D.DefaultDarg, D.DefaultDarg], [2, 3], Order.C, D.Int), ErrorClass.Arg);
        yield return C("DarrayRankOutside", () => D.Darray(4, 4, [8], [Distribution.Block], [D.DefaultDarg], [4], Order.C, D.Int), ErrorClass.Rank);
        yield return C("DarraySizeZero", () => D.Darray(0, 0, [8], [Distribution.Block], [D.DefaultDarg], [1], Order.C, D.Int), ErrorClass.Arg);
        yield return C("DarrayNoDims", () => D.Darray(1, 0, [], [], [], [], Order.C, D.Int), ErrorClass.Dims);
        yield return C("DarrayNoneWithPsize2", () => D.Darray(2, 0, [8], [Distribution.None], [D.DefaultDarg], [2], Order.C, D.Int), ErrorClass.Arg);
        yield return C("DarrayBlockTooSmall", () => D.Darray(2, 0, [8], [Distribution.Block], [3], [2], Order.C, D.Int), ErrorClass.Arg);
        yield return C("DarrayNegativeDarg", () => D.Darray(2, 0, [8], [Distribution.Cyclic], [-2], [2], Order.C, D.Int), ErrorClass.Arg);
        yield return C("DarrayGsizeZero", () => D.Darray(1, 0, [0], [Distribution.Block], [D.DefaultDarg], [1], Order.C, D.Int), ErrorClass.Arg);
        yield return C("DarrayPsizeZero", () => D.Darray(1, 0, [4, 4], [Distribution.Block, Distribution.Block], [D.DefaultDarg, D.DefaultDarg], [1, 0], Order.C, D.Int), ErrorClass.Arg);
        yield return C("DarrayBadDistribution", () => D.Darray(1, 0, [4], [(Distribution)9], [D.DefaultDarg], [1], Order.C, D.Int), ErrorClass.Arg);
        yield return C("DarrayDistribsMismatch", () => D.Darray(1, 0, [4], [], [D.DefaultDarg], [1], Order.C, D.Int), ErrorClass.Arg);
        yield return C("CursorNegativeCount", () => _ = new TypeCursor(D.Int, -1), ErrorClass.Count);
        yield return C("CursorCountOverflow", () => _ = new TypeCursor(D.Double, long.MaxValue / 4), ErrorClass.Arg);
        yield return C("CursorSeekPastEnd", () => new TypeCursor(D.Int, 2).Seek(9), ErrorClass.Arg);
        yield return C("DisplacementOfNegative", () => D.Int.DisplacementOf(-1), ErrorClass.Arg);
        yield return C("DisplacementOfEmptyType", () => D.Contiguous(0, D.Int).DisplacementOf(0), ErrorClass.Arg);
        yield return C("BlockIndexOfNegative", () => D.Int.BlockIndexOf(-3), ErrorClass.Arg);
        yield return C("DataOffsetOfNonMonotonic", () => D.Hindexed([1, 1], [8, 0], D.Int).DataOffsetAtOrAfter(4), ErrorClass.Type);
        yield return C("CursorNullType", () => _ = new TypeCursor(null!, 1), ErrorClass.Type);
        yield return C("PackNullType", () => TypePacker.Pack(new byte[8], 0, null!, 1, 0, new byte[4]), ErrorClass.Type);
        yield return C("UnpackNullType", () => TypePacker.Unpack(new byte[4], new byte[8], 0, null!, 1, 0), ErrorClass.Type);
        yield return C("External32NullType", () => External32.ToExternal(new byte[4], null!, 0), ErrorClass.Type);
        yield return C("External32NegativeStart", () => External32.ToExternal(new byte[4], D.Int, -4), ErrorClass.Arg);
        yield return C("External32EmptyType", () => External32.FromExternal(new byte[4], D.Contiguous(0, D.Int), 0), ErrorClass.Arg);
        yield return C("OfUnsupportedType", () => D.Of<decimal>(), ErrorClass.Type);
    }

    [TestCaseSource(nameof(Cases))]
    public void Constructor(TestDelegate call, ErrorClass expected)
    {
        var e = Assert.Throws<MpiException>(call);
        Assert.That(e!.ErrorClass, Is.EqualTo(expected), e.Message);
    }

    [Test]
    public void Darray_BlockDargCoveringExactly_Accepted()
    {
        Datatype t = D.Darray(2, 1, [8], [Distribution.Block], [4], [2], Order.C, D.Int);
        Assert.That(t.TrueLb, Is.EqualTo(16));
        Assert.That(t.Size, Is.EqualTo(16));
    }

    [Test]
    public void Darray_BlockLeavesLastRankEmpty_ZeroSize()
    {
        // ceil(5/4) = 2 per rank: ranks 0..2 hold 2, 2, 1 and rank 3 nothing.
        Datatype t = D.Darray(4, 3, [5], [Distribution.Block], [D.DefaultDarg], [4], Order.C, D.Int);
        Assert.That(t.Size, Is.EqualTo(0));
        Assert.That(t.Extent, Is.EqualTo(20));
    }

    [Test]
    public void Of_PrimitiveTypes_MapToPredefined()
    {
        Assert.That(D.Of<int>(), Is.SameAs(D.Int32));
        Assert.That(D.Of<double>(), Is.SameAs(D.Double));
        Assert.That(D.Of<byte>(), Is.SameAs(D.UInt8));
    }
}
