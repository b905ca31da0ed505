using MpiIo.Datatypes;
using NUnit.Framework;
using D = MpiIo.Datatypes.Datatype;

namespace MpiIo.Tests.Datatypes;

/// <summary>
/// Size, bounds and true bounds of every constructor against the values MPICH 4.0.2 reports
/// (<c>MPI_Type_size</c>, <c>MPI_Type_get_extent</c>, <c>MPI_Type_get_true_extent</c>), obtained once
/// from a small mpicc program on x86-64 and written down here.
/// </summary>
public class DatatypeBoundsTests
{
    private static Datatype S => D.Struct([1, 1], [0, 4], [D.Int, D.Char]);

    private static Datatype R5 => D.Resized(D.Int, 0, 5);

    private static IEnumerable<TestCaseData> MpichCases()
    {
        TestCaseData C(string name, Func<Datatype> make, long size, long lb, long extent, long trueLb, long trueExtent) =>
            new TestCaseData(make, size, lb, extent, trueLb, trueExtent).SetName("Bounds_" + name + "_MatchMpich");

        yield return C("StructIntChar", () => S, 5, 0, 8, 0, 5);
        yield return C("StructDoubleChar", () => D.Struct([1, 1], [0, 8], [D.Double, D.Char]), 9, 0, 16, 0, 9);
        yield return C("StructCharChar", () => D.Struct([1, 1], [0, 1], [D.Char, D.Char]), 2, 0, 2, 0, 2);
        yield return C("StructResizedIntChar", () => D.Struct([1, 1], [0, 4], [R5, D.Char]), 5, 0, 8, 0, 5);
        yield return C("StructOneResized", () => D.Struct([1], [0], [R5]), 4, 0, 5, 0, 4);
        yield return C("StructTwoResized6", () => D.Struct([2], [0], [D.Resized(D.Int, 0, 6)]), 8, 0, 12, 0, 10);
        yield return C("StructNegativeDisp", () => D.Struct([1, 1], [-3, 6], [D.Int, D.Short]), 6, -3, 12, -3, 11);
        yield return C("StructLongDoubleChar", () => D.Struct([1, 1], [0, 16], [D.LongDouble, D.Char]), 17, 0, 32, 0, 17);
        yield return C("StructZeroLengthIgnored", () => D.Struct([0, 1], [100, 0], [D.Double, D.Char]), 1, 0, 1, 0, 1);
        yield return C("StructZeroLengthNegative", () => D.Struct([0, 1], [-8, 3], [D.Double, D.Char]), 1, 3, 1, 3, 1);
        yield return C("StructAllZero", () => D.Struct([0, 0], [3, 10], [D.Int, D.Char]), 0, 0, 0, 0, 0);
        yield return C("StructDoubleContig3Char", () => D.Struct([1, 1], [0, 8], [D.Double, D.Contiguous(3, D.Char)]), 11, 0, 16, 0, 11);
        yield return C("ContigOfPaddedStruct", () => D.Contiguous(2, D.Struct([1, 1], [0, 8], [D.Double, D.Contiguous(3, D.Char)])), 22, 0, 32, 0, 27);
        yield return C("StructSameTypeNoPad", () => D.Struct([1, 1], [0, 5], [D.Int, D.Int]), 8, 0, 9, 0, 9);
        yield return C("StructSameDerivedNoPad", () =>
        {
            Datatype t = D.Hindexed([1, 1], [0, 6], D.Int);
            return D.Struct([1, 1], [0, 20], [t, t]);
        }, 16, 0, 30, 0, 30);
        yield return C("StructResizedThenInt", () => D.Struct([1, 1], [0, 10], [R5, D.Int]), 8, 0, 16, 0, 14);
        yield return C("StructShortChar", () => D.Struct([1, 1], [0, 5], [D.Short, D.Char]), 3, 0, 6, 0, 6);
        yield return C("StructFloatChar", () => D.Struct([1, 1], [0, 5], [D.Float, D.Char]), 5, 0, 8, 0, 6);
        yield return C("StructWCharChar", () => D.Struct([1, 1], [0, 5], [D.WChar, D.Char]), 5, 0, 8, 0, 6);
        yield return C("StructInt64Char", () => D.Struct([1, 1], [0, 9], [D.Int64, D.Char]), 9, 0, 16, 0, 10);
        yield return C("StructDoubleNegChar", () => D.Struct([1, 1], [-8, 3], [D.Double, D.Char]), 9, -8, 16, -8, 12);
        yield return C("StructResizedStructChar", () => D.Struct([1, 1], [0, 5], [D.Resized(S, 0, 5), D.Char]), 6, 0, 8, 0, 6);
        yield return C("StructOfResizedStruct", () => D.Struct([1], [0], [D.Resized(S, 0, 5)]), 5, 0, 5, 0, 5);
        yield return C("StructVectorChar", () => D.Struct([1, 1], [0, 100], [D.Vector(2, 1, 3, S), D.Char]), 11, 0, 104, 0, 101);
        yield return C("StructResizedDouble", () => D.Struct([1, 1, 1], [0, 8, 40], [D.Int, D.Resized(D.Double, 0, 16), D.Char]), 13, 0, 48, 0, 41);
        yield return C("DupStruct", () => D.Dup(S), 5, 0, 8, 0, 5);
        yield return C("ContigOneStruct", () => D.Contiguous(1, S), 5, 0, 8, 0, 5);
        yield return C("VectorTwoStruct", () => D.Vector(2, 1, 1, S), 10, 0, 16, 0, 13);
        yield return C("D.Vector", () => D.Vector(3, 2, 4, D.Int), 24, 0, 40, 0, 40);
        yield return C("VectorNegativeStride", () => D.Vector(3, 2, -4, D.Int), 24, -32, 40, -32, 40);
        yield return C("VectorZeroBlocklength", () => D.Vector(3, 0, 4, D.Int), 0, 0, 32, 0, 32);
        yield return C("VectorZeroCount", () => D.Vector(0, 2, 4, D.Int), 0, 0, 0, 0, 0);
        yield return C("VectorOfResized", () => D.Vector(2, 2, 3, D.Resized(D.Int, -2, 10)), 16, -2, 50, 0, 44);
        yield return C("VectorOneZeroResized", () => D.Vector(1, 0, 4, D.Resized(D.Int, -3, 10)), 0, -3, 0, 0, -6);
        yield return C("HvectorNegativeOfResized", () => D.Hvector(3, 1, -20, D.Resized(D.Int, -3, 10)), 12, -43, 50, -40, 44);
        yield return C("ResizedOfResized", () => D.Resized(D.Resized(D.Int, -2, 10), 4, 12), 4, 4, 12, 0, 4);
        yield return C("ResizedLb4Extent12", () => D.Resized(D.Int, 4, 12), 4, 4, 12, 0, 4);
        yield return C("ContigOfResized", () => D.Contiguous(2, D.Resized(D.Int, 4, 12)), 8, 4, 24, 0, 16);
        yield return C("ResizedNegativeExtent", () => D.Resized(D.Int, 2, -8), 4, 2, -8, 0, 4);
        yield return C("ContigOfNegativeExtent", () => D.Contiguous(3, D.Resized(D.Int, 2, -8)), 12, -14, 8, -16, 20);
        yield return C("ContigZero", () => D.Contiguous(0, D.Int), 0, 0, 0, 0, 0);
        yield return C("ContigZeroResized", () => D.Contiguous(0, D.Resized(D.Int, -3, 10)), 0, 0, 0, 0, 0);
        yield return C("IndexedNegative", () => D.Indexed([1, 0, 2], [5, 1, -2], D.Int), 12, -8, 32, -8, 32);
        yield return C("IndexedZeroBlockOutside", () => D.Indexed([1, 0], [0, 10], D.Int), 4, 0, 4, 0, 4);
        yield return C("IndexedAllZero", () => D.Indexed([0, 0], [3, 10], D.Int), 0, 0, 0, 0, 0);
        yield return C("IndexedOfResized", () => D.Indexed([2, 1], [4, -1], D.Resized(D.Int, -3, 10)), 12, -13, 70, -10, 64);
        yield return C("IndexedBlockZeroLength", () => D.IndexedBlock(0, [3, 10], D.Int), 0, 12, 28, 12, 28);
        yield return C("SubarrayC", () => D.Subarray([4, 5, 6], [2, 3, 4], [1, 2, 1], Order.C, D.Int), 96, 0, 480, 172, 184);
        yield return C("SubarrayFortran", () => D.Subarray([4, 5, 6], [2, 3, 4], [1, 2, 1], Order.Fortran, D.Int), 96, 0, 480, 116, 280);
        yield return C("SubarrayOfResized", () => D.Subarray([4], [2], [1], Order.C, D.Resized(D.Double, 0, 9)), 16, 0, 36, 9, 17);
    }

    [TestCaseSource(nameof(MpichCases))]
    public void Bounds(Func<Datatype> make, long size, long lb, long extent, long trueLb, long trueExtent)
    {
        Datatype t = make().Commit();
        Assert.Multiple(() =>
        {
            Assert.That(t.Size, Is.EqualTo(size), "size");
            Assert.That(t.Lb, Is.EqualTo(lb), "lb");
            Assert.That(t.Extent, Is.EqualTo(extent), "extent");
            Assert.That(t.Ub, Is.EqualTo(lb + extent), "ub");
            Assert.That(t.TrueLb, Is.EqualTo(trueLb), "true lb");
            Assert.That(t.TrueExtent, Is.EqualTo(trueExtent), "true extent");
            Assert.That(t.TrueUb, Is.EqualTo(trueLb + trueExtent), "true ub");
        });
    }

    [Test]
    public void Predefined_Sizes_MatchLp64Mpich()
    {
        Assert.Multiple(() =>
        {
            Assert.That(D.Long.Size, Is.EqualTo(8));
            Assert.That(D.UnsignedLong.Size, Is.EqualTo(8));
            Assert.That(D.LongDouble.Size, Is.EqualTo(16));
            Assert.That(D.WChar.Size, Is.EqualTo(4));
            Assert.That(D.CBool.Size, Is.EqualTo(1));
            Assert.That(D.Aint.Size, Is.EqualTo(8));
            Assert.That(D.Offset.Size, Is.EqualTo(8));
            Assert.That(D.Count.Size, Is.EqualTo(8));
            Assert.That(D.Packed.Size, Is.EqualTo(1));
            Assert.That(D.Double.Extent, Is.EqualTo(8));
            Assert.That(D.Int.IsCommitted && D.Int.IsPredefined, Is.True);
            Assert.That(D.Int.Name, Is.EqualTo("MPI_INT"));
            Assert.That(D.Int.Combiner, Is.EqualTo(Combiner.Named));
        });
    }

    [Test]
    public void Combiner_EachConstructor_Reported()
    {
        Assert.Multiple(() =>
        {
            Assert.That(D.Contiguous(2, D.Int).Combiner, Is.EqualTo(Combiner.Contiguous));
            Assert.That(D.Vector(2, 1, 2, D.Int).Combiner, Is.EqualTo(Combiner.Vector));
            Assert.That(D.Hvector(2, 1, 8, D.Int).Combiner, Is.EqualTo(Combiner.Hvector));
            Assert.That(D.Indexed([1], [0], D.Int).Combiner, Is.EqualTo(Combiner.Indexed));
            Assert.That(D.Hindexed([1], [0], D.Int).Combiner, Is.EqualTo(Combiner.Hindexed));
            Assert.That(D.IndexedBlock(1, [0], D.Int).Combiner, Is.EqualTo(Combiner.IndexedBlock));
            Assert.That(D.HindexedBlock(1, [0], D.Int).Combiner, Is.EqualTo(Combiner.HindexedBlock));
            Assert.That(D.Struct([1], [0], [D.Int]).Combiner, Is.EqualTo(Combiner.Struct));
            Assert.That(D.Subarray([2], [1], [0], Order.C, D.Int).Combiner, Is.EqualTo(Combiner.Subarray));
            Assert.That(D.Darray(1, 0, [2], [Distribution.Block], [D.DefaultDarg], [1], Order.C, D.Int).Combiner, Is.EqualTo(Combiner.Darray));
            Assert.That(D.Resized(D.Int, 0, 8).Combiner, Is.EqualTo(Combiner.Resized));
            Assert.That(D.Dup(D.Int).Combiner, Is.EqualTo(Combiner.Dup));
            Assert.That(D.Contiguous(2, D.Int).IsCommitted, Is.False);
        });
    }

    [Test]
    public void IsContiguous_VariousTypes_FollowsDataAndExtent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(D.Contiguous(5, D.Double).IsContiguous, Is.True);
            Assert.That(D.Vector(4, 2, 2, D.Int).IsContiguous, Is.True, "stride equal to blocklength");
            Assert.That(D.Vector(4, 1, 2, D.Int).IsContiguous, Is.False);
            Assert.That(D.Resized(D.Int, 0, 8).IsContiguous, Is.False, "gap between tiled copies");
            Assert.That(S.IsContiguous, Is.False, "padded struct");
            Assert.That(D.Struct([1, 1], [0, 4], [D.Int, D.Float]).IsContiguous, Is.True);
            Assert.That(D.Subarray([4, 4], [4, 4], [0, 0], Order.C, D.Int).IsContiguous, Is.True);
        });
    }
}
