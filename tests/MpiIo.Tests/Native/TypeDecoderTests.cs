using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Datatypes;
using C = MpiIo.Native.Interop.MpichConstants;

namespace MpiIo.Tests.Native;

public class TypeDecoderTests
{
    private FakeTypeSource _source = null!;
    private TypeCache _cache = null!;
    private List<int> _watched = null!;

    [SetUp]
    public void SetUp()
    {
        _source = new FakeTypeSource();
        _watched = [];
        _cache = new TypeCache(_source, _watched.Add);
    }

    // The decoded type must place every data byte where the directly built one does.
    private static void AssertSameTypemap(Datatype decoded, Datatype expected)
    {
        Assert.That((decoded.Size, decoded.Lb, decoded.Extent, decoded.TrueLb, decoded.TrueUb),
            Is.EqualTo((expected.Size, expected.Lb, expected.Extent, expected.TrueLb, expected.TrueUb)));
        for (long b = 0; b < expected.Size; b++)
            Assert.That(decoded.DisplacementOf(b), Is.EqualTo(expected.DisplacementOf(b)), $"data byte {b}");
    }

    [Test]
    public void Get_NamedHandles_MapToPredefinedTypes()
    {
        Assert.That(_cache.Get(MpiAbi.MPI_INT), Is.SameAs(Datatype.Int));
        Assert.That(_cache.Get(MpiAbi.MPI_DOUBLE), Is.SameAs(Datatype.Double));
        Assert.That(_cache.Get(MpiAbi.MPI_BYTE), Is.SameAs(Datatype.Byte));
        Assert.That(_cache.Get(C.Integer), Is.SameAs(Datatype.Int32));
        Assert.That(_cache.Get(C.DoublePrecision), Is.SameAs(Datatype.Double));
        Assert.That(_cache.Get(C.DoubleComplex).Size, Is.EqualTo(16));
        Assert.That(_watched, Is.Empty, "predefined types are never freed, so never watched");
    }

    [Test]
    public void Get_PairTypes_HaveMpichLayout()
    {
        var doubleInt = _cache.Get(C.DoubleInt);
        Assert.That((doubleInt.Size, doubleInt.Extent), Is.EqualTo((12L, 16L)));
        var shortInt = _cache.Get(C.ShortInt);
        Assert.That((shortInt.Size, shortInt.Extent), Is.EqualTo((6L, 8L)));
    }

    [Test]
    public void Get_UnknownBuiltinHandle_UsesTheEncodedSize()
    {
        // A builtin handle of 8 bytes MpiIo has no name for.
        var t = _cache.Get(0x4c0008ff);
        Assert.That((t.Size, t.Extent), Is.EqualTo((8L, 8L)));
    }

    [Test]
    public void Get_Vector_MatchesDirectConstruction()
    {
        int h = _source.Define(C.CombinerVector, [3, 2, 4], [], [FakeTypeSource.Int], 24, 0, 40);
        AssertSameTypemap(_cache.Get(h), Datatype.Vector(3, 2, 4, Datatype.Int).Commit());
        Assert.That(_watched, Is.EqualTo(new[] { h }));
    }

    [Test]
    public void Get_Hvector_MatchesDirectConstruction()
    {
        int h = _source.Define(C.CombinerHvector, [2, 1], [100], [FakeTypeSource.Int], 8, 0, 104);
        AssertSameTypemap(_cache.Get(h), Datatype.Hvector(2, 1, 100, Datatype.Int).Commit());
    }

    [Test]
    public void Get_HvectorIntegerForm_ReadsTheStrideFromIntegers()
    {
        int h = _source.Define(C.CombinerHvectorInteger, [2, 1, 100], [], [FakeTypeSource.Int], 8, 0, 104);
        AssertSameTypemap(_cache.Get(h), Datatype.Hvector(2, 1, 100, Datatype.Int).Commit());
    }

    [Test]
    public void Get_ContiguousAndDup_MatchDirectConstruction()
    {
        int contiguous = _source.Define(C.CombinerContiguous, [5], [], [MpiAbi.MPI_SHORT], 10, 0, 10);
        int dup = _source.Define(C.CombinerDup, [], [], [contiguous], 10, 0, 10);
        AssertSameTypemap(_cache.Get(dup), Datatype.Contiguous(5, Datatype.Short).Commit());
    }

    [Test]
    public void Get_IndexedFamily_MatchesDirectConstruction()
    {
        int indexed = _source.Define(C.CombinerIndexed, [2, 2, 1, 0, 5], [], [FakeTypeSource.Int], 12, 0, 24);
        AssertSameTypemap(_cache.Get(indexed), Datatype.Indexed([2, 1], [0, 5], Datatype.Int).Commit());

        int hindexed = _source.Define(C.CombinerHindexed, [2, 1, 1], [0, 20], [FakeTypeSource.Double], 16, 0, 28);
        AssertSameTypemap(_cache.Get(hindexed), Datatype.Hindexed([1, 1], [0, 20], Datatype.Double).Commit());

        int block = _source.Define(C.CombinerIndexedBlock, [2, 2, 0, 4], [], [FakeTypeSource.Int], 16, 0, 24);
        AssertSameTypemap(_cache.Get(block), Datatype.IndexedBlock(2, [0, 4], Datatype.Int).Commit());

        int hblock = _source.Define(C.CombinerHindexedBlock, [2, 1], [8, 0], [FakeTypeSource.Double], 16, 0, 16);
        AssertSameTypemap(_cache.Get(hblock), Datatype.HindexedBlock(1, [8, 0], Datatype.Double).Commit());
    }

    [Test]
    public void Get_StructOfMixedTypes_MatchesDirectConstruction()
    {
        int h = _source.Define(C.CombinerStruct, [2, 1, 1], [0, 8], [FakeTypeSource.Int, FakeTypeSource.Double], 12, 0, 16);
        AssertSameTypemap(_cache.Get(h), Datatype.Struct([1, 1], [0, 8], [Datatype.Int, Datatype.Double]).Commit());
    }

    [Test]
    public void Get_SubarrayAndDarray_MatchDirectConstruction()
    {
        int sub = _source.Define(C.CombinerSubarray, [2, 4, 6, 2, 3, 1, 2, MpiAbi.MPI_ORDER_C], [], [FakeTypeSource.Double], 48, 0, 192);
        AssertSameTypemap(_cache.Get(sub), Datatype.Subarray([4, 6], [2, 3], [1, 2], Order.C, Datatype.Double).Commit());

        int darray = _source.Define(C.CombinerDarray,
            [4, 1, 1, 8, MpiAbi.MPI_DISTRIBUTE_BLOCK, MpiAbi.MPI_DISTRIBUTE_DFLT_DARG, 4, MpiAbi.MPI_ORDER_FORTRAN], [], [FakeTypeSource.Int], 8, 0, 32);
        AssertSameTypemap(_cache.Get(darray),
            Datatype.Darray(4, 1, [8], [Distribution.Block], [Datatype.DefaultDarg], [4], Order.Fortran, Datatype.Int).Commit());
    }

    [Test]
    public void Get_ResizedWithNegativeLowerBound_MatchesDirectConstruction()
    {
        int h = _source.Define(C.CombinerResized, [], [-4, 12], [FakeTypeSource.Int], 4, -4, 12);
        AssertSameTypemap(_cache.Get(h), Datatype.Resized(Datatype.Int, -4, 12).Commit());
    }

    [Test]
    public void Get_NestedDerivedType_DecodesThePartsOnceAndReleasesTheirHandles()
    {
        int inner = _source.Define(C.CombinerContiguous, [2], [], [FakeTypeSource.Int], 8, 0, 8);
        int outer = _source.Define(C.CombinerVector, [2, 1, 2], [], [inner], 16, 0, 24);
        AssertSameTypemap(_cache.Get(outer), Datatype.Vector(2, 1, 2, Datatype.Contiguous(2, Datatype.Int)).Commit());
        Assert.That(_source.Released, Is.EqualTo(new[] { inner }), "get_contents hands out derived handles the caller frees");
        Assert.That(_watched, Is.EquivalentTo(new[] { inner, outer }));
        int calls = _source.ContentsCalls;
        _cache.Get(outer);
        _cache.Get(inner);
        Assert.That(_source.ContentsCalls, Is.EqualTo(calls), "cached handles are not decoded again");
    }

    [Test]
    public void Forget_FreedHandle_IsDecodedAgainOnNextUse()
    {
        int h = _source.Define(C.CombinerContiguous, [3], [], [FakeTypeSource.Int], 12, 0, 12);
        var first = _cache.Get(h);
        _cache.Forget(h);
        Assert.That(_cache.Get(h), Is.Not.SameAs(first));
        Assert.That(_source.ContentsCalls, Is.EqualTo(2));
    }

    [Test]
    public void Get_BoundsDisagreeWithMpich_RaisesTypeError()
    {
        // MPICH says extent 44; a vector(3,2,4) of int has extent 40 in MpiIo's model.
        int h = _source.Define(C.CombinerVector, [3, 2, 4], [], [FakeTypeSource.Int], 24, 0, 44);
        var e = Assert.Throws<MpiException>(() => _cache.Get(h));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Type));
        Assert.Throws<MpiException>(() => _cache.Get(h));
        Assert.That(_source.ContentsCalls, Is.EqualTo(2), "a refused type is not cached");
    }

    [Test]
    public void Get_LargeCountConstructedType_RaisesTypeErrorWithoutReadingContents()
    {
        int h = _source.Define(C.CombinerVector, [], [], [FakeTypeSource.Int], 24, 0, 40, largeCounts: 3);
        Assert.That(Assert.Throws<MpiException>(() => _cache.Get(h))!.ErrorClass, Is.EqualTo(ErrorClass.Type));
        Assert.That(_source.ContentsCalls, Is.Zero);
    }

    [Test]
    public void Get_UnknownCombiner_RaisesTypeError()
    {
        int h = _source.Define(99, [1], [], [FakeTypeSource.Int], 4, 0, 4);
        Assert.That(Assert.Throws<MpiException>(() => _cache.Get(h))!.ErrorClass, Is.EqualTo(ErrorClass.Type));
    }

    [Test]
    public void Get_BadOrderInSubarray_RaisesArgError()
    {
        int h = _source.Define(C.CombinerSubarray, [1, 4, 2, 0, 99], [], [FakeTypeSource.Int], 8, 0, 16);
        Assert.That(Assert.Throws<MpiException>(() => _cache.Get(h))!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [TestCase(MpiAbi.MPI_DATATYPE_NULL)]
    [TestCase(0)]
    [TestCase(MpiAbi.MPI_COMM_WORLD)]
    [TestCase(MpiAbi.MPI_INFO_NULL)]
    public void Get_HandleThatIsNoDatatype_RaisesTypeErrorWithoutAskingMpich(int handle)
    {
        Assert.That(Assert.Throws<MpiException>(() => _cache.Get(handle))!.ErrorClass, Is.EqualTo(ErrorClass.Type));
        Assert.That(_source.ContentsCalls, Is.Zero);
    }

    [Test]
    public void Get_NamedTypeOfNoSize_RaisesTypeError()
    {
        // MPI_LB: a named marker type with no data.
        Assert.That(Assert.Throws<MpiException>(() => _cache.Get(0x4c000010))!.ErrorClass, Is.EqualTo(ErrorClass.Type));
    }
}
