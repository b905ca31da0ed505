using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using NUnit.Framework;

namespace MpiIo.Tests.Datatypes;

/// <summary>
/// Subarray and darray typemaps against MPICH 4.0.2: the element indices below are what
/// <c>MPI_Pack</c> produced from an int array holding its own indices, written down once from a small
/// mpicc program (10 × 7 global ints; process grid 2 × 3; cyclic(3) × cyclic(2) and block × cyclic(2);
/// a 5 × 4 × 3 Fortran array cyclic(2) × none × block over 2 × 1 × 2).
/// </summary>
public class ArrayTypeTests
{
    private static readonly int[] Gsizes = [10, 7];
    private static readonly int[] Psizes = [2, 3];

    private static int[] Elements(Datatype t, int n)
    {
        int[] values = Enumerable.Range(0, n).ToArray();
        byte[] packed = new byte[t.Size];
        TypePacker.Pack(MemoryMarshal.AsBytes(values.AsSpan()), 0, t, 1, 0, packed);
        return MemoryMarshal.Cast<byte, int>(packed).ToArray();
    }

    private static readonly int[][] CyclicC =
    [
        [0, 1, 6, 7, 8, 13, 14, 15, 20, 42, 43, 48, 49, 50, 55, 56, 57, 62],
        [2, 3, 9, 10, 16, 17, 44, 45, 51, 52, 58, 59],
        [4, 5, 11, 12, 18, 19, 46, 47, 53, 54, 60, 61],
        [21, 22, 27, 28, 29, 34, 35, 36, 41, 63, 64, 69],
        [23, 24, 30, 31, 37, 38, 65, 66],
        [25, 26, 32, 33, 39, 40, 67, 68],
    ];

    private static readonly long[][] CyclicCTrue = [[0, 252], [8, 232], [16, 232], [84, 196], [92, 176], [100, 176]];

    private static readonly int[][] CyclicFortran =
    [
        [0, 1, 2, 6, 7, 8, 10, 11, 12, 16, 17, 18, 60, 61, 62, 66, 67, 68],
        [20, 21, 22, 26, 27, 28, 30, 31, 32, 36, 37, 38],
        [40, 41, 42, 46, 47, 48, 50, 51, 52, 56, 57, 58],
        [3, 4, 5, 9, 13, 14, 15, 19, 63, 64, 65, 69],
        [23, 24, 25, 29, 33, 34, 35, 39],
        [43, 44, 45, 49, 53, 54, 55, 59],
    ];

    private static readonly long[][] CyclicFortranTrue = [[0, 276], [80, 76], [160, 76], [12, 268], [92, 68], [172, 68]];

    private static readonly int[][] BlockCyclicC =
    [
        [0, 1, 6, 7, 8, 13, 14, 15, 20, 21, 22, 27, 28, 29, 34],
        [2, 3, 9, 10, 16, 17, 23, 24, 30, 31],
        [4, 5, 11, 12, 18, 19, 25, 26, 32, 33],
        [35, 36, 41, 42, 43, 48, 49, 50, 55, 56, 57, 62, 63, 64, 69],
        [37, 38, 44, 45, 51, 52, 58, 59, 65, 66],
        [39, 40, 46, 47, 53, 54, 60, 61, 67, 68],
    ];

    private static readonly long[][] BlockCyclicCTrue = [[0, 140], [8, 120], [16, 120], [140, 140], [148, 120], [156, 120]];

    private static readonly int[][] ThreeDimFortran =
    [
        [0, 1, 4, 5, 6, 9, 10, 11, 14, 15, 16, 19, 20, 21, 24, 25, 26, 29, 30, 31, 34, 35, 36, 39],
        [40, 41, 44, 45, 46, 49, 50, 51, 54, 55, 56, 59],
        [2, 3, 7, 8, 12, 13, 17, 18, 22, 23, 27, 28, 32, 33, 37, 38],
        [42, 43, 47, 48, 52, 53, 57, 58],
    ];

    private static readonly long[][] ThreeDimFortranTrue = [[0, 160], [160, 80], [8, 148], [168, 68]];

    [Test]
    public void Darray_CyclicBothDimsC_MatchesMpich([Range(0, 5)] int rank)
    {
        Datatype t = Datatype.Darray(6, rank, Gsizes, [Distribution.Cyclic, Distribution.Cyclic], [3, 2], Psizes, Order.C, Datatype.Int);
        AssertDarray(t, CyclicC[rank], CyclicCTrue[rank], 280, 70);
    }

    [Test]
    public void Darray_CyclicBothDimsFortran_MatchesMpich([Range(0, 5)] int rank)
    {
        Datatype t = Datatype.Darray(6, rank, Gsizes, [Distribution.Cyclic, Distribution.Cyclic], [3, 2], Psizes, Order.Fortran, Datatype.Int);
        AssertDarray(t, CyclicFortran[rank], CyclicFortranTrue[rank], 280, 70);
    }

    [Test]
    public void Darray_BlockByCyclic2C_MatchesMpich([Range(0, 5)] int rank)
    {
        Datatype t = Datatype.Darray(6, rank, Gsizes, [Distribution.Block, Distribution.Cyclic],
            [Datatype.DefaultDarg, 2], Psizes, Order.C, Datatype.Int);
        AssertDarray(t, BlockCyclicC[rank], BlockCyclicCTrue[rank], 280, 70);
    }

    [Test]
    public void Darray_ThreeDimsWithNoneFortran_MatchesMpich([Range(0, 3)] int rank)
    {
        Datatype t = Datatype.Darray(4, rank, [5, 4, 3], [Distribution.Cyclic, Distribution.None, Distribution.Block],
            [2, Datatype.DefaultDarg, Datatype.DefaultDarg], [2, 1, 2], Order.Fortran, Datatype.Int);
        AssertDarray(t, ThreeDimFortran[rank], ThreeDimFortranTrue[rank], 240, 60);
    }

    [Test]
    public void Darray_AllRanks_PartitionTheArray()
    {
        // Block with an explicit darg leaves the last process short; cyclic(4) leaves a short last block.
        var seen = new List<int>();
        for (int rank = 0; rank < 6; rank++)
        {
            Datatype t = Datatype.Darray(6, rank, [11, 9], [Distribution.Block, Distribution.Cyclic], [6, 4], [2, 3],
                Order.C, Datatype.Int);
            seen.AddRange(Elements(t, 99));
            Assert.That(t.Extent, Is.EqualTo(99 * 4));
        }
        Assert.That(seen.Order(), Is.EqualTo(Enumerable.Range(0, 99)));
    }

    [Test]
    public void Subarray_COrder_MatchesMpich()
    {
        Datatype t = Datatype.Subarray([4, 5, 6], [2, 3, 4], [1, 2, 1], Order.C, Datatype.Int);
        Assert.That(Elements(t, 120),
            Is.EqualTo(new[] { 43, 44, 45, 46, 49, 50, 51, 52, 55, 56, 57, 58, 73, 74, 75, 76, 79, 80, 81, 82, 85, 86, 87, 88 }));
        Assert.That(t.BlockCount, Is.EqualTo(6));
    }

    [Test]
    public void Subarray_FortranOrder_MatchesMpich()
    {
        Datatype t = Datatype.Subarray([4, 5, 6], [2, 3, 4], [1, 2, 1], Order.Fortran, Datatype.Int);
        Assert.That(Elements(t, 120),
            Is.EqualTo(new[] { 29, 30, 33, 34, 37, 38, 49, 50, 53, 54, 57, 58, 69, 70, 73, 74, 77, 78, 89, 90, 93, 94, 97, 98 }));
        Assert.That(t.BlockCount, Is.EqualTo(12));
    }

    private static void AssertDarray(Datatype t, int[] elements, long[] trueBounds, long extent, int n)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Elements(t, n), Is.EqualTo(elements));
            Assert.That(t.Size, Is.EqualTo(elements.Length * 4L));
            Assert.That(t.Lb, Is.EqualTo(0));
            Assert.That(t.Extent, Is.EqualTo(extent));
            Assert.That(t.TrueLb, Is.EqualTo(trueBounds[0]));
            Assert.That(t.TrueExtent, Is.EqualTo(trueBounds[1]));
            Assert.That(t.Combiner, Is.EqualTo(Combiner.Darray));
        });
    }
}
