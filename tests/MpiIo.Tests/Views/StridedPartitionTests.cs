using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Views;
using NUnit.Framework;

namespace MpiIo.Tests.Views;

/// <summary>PVFS partition mapping and its equivalent view.</summary>
public class StridedPartitionTests
{
    [Test]
    public void FileOffsetOf_Strided_FollowsPvfsFormula()
    {
        var p = new StridedPartition(100, 4, 10);
        Assert.That(Enumerable.Range(0, 10).Select(i => p.FileOffsetOf(i)),
            Is.EqualTo(new long[] { 100, 101, 102, 103, 110, 111, 112, 113, 120, 121 }));
        Assert.That(p.IsContiguous, Is.False);
    }

    [TestCase(8, 8)]
    [TestCase(0, 8)]
    [TestCase(8, 0)]
    [TestCase(0, 0)]
    public void FileOffsetOf_GroupEqualsStrideOrZero_Contiguous(long group, long stride)
    {
        var p = new StridedPartition(7, group, stride);
        Assert.That(p.IsContiguous, Is.True);
        Assert.That(p.FileOffsetOf(1000), Is.EqualTo(1007));
        FileView view = p.ToView();
        Assert.That(view.IsContiguous, Is.True);
        Assert.That(view.FileOffsetOf(1000), Is.EqualTo(1007));
    }

    [Test]
    public void ToView_Strided_MapsLikeThePartition([Values(1, 3, 64)] long group, [Values(0, 5)] long offset)
    {
        var p = new StridedPartition(offset, group, group * 3 + 1);
        FileView view = p.ToView();
        Assert.That(view.Disp, Is.EqualTo(offset));
        Assert.That(view.Filetype.Extent, Is.EqualTo(p.Stride));
        for (long i = 0; i < 500; i++)
            Assert.That(view.FileOffsetOf(i), Is.EqualTo(p.FileOffsetOf(i)), $"byte {i}");
        long probe = p.FileOffsetOf(123);
        Assert.That(view.ViewByteAtOrAfter(probe), Is.EqualTo(123));
    }

    [Test]
    public void ToView_GroupBeyondIntRange_StillOneBlockPerGroup()
    {
        long group = (3L << 30) + 5;
        var p = new StridedPartition(0, group, group + 4096);
        FileView view = p.ToView();
        Assert.That(view.Filetype.Size, Is.EqualTo(group));
        Assert.That(view.Filetype.BlockCount, Is.EqualTo(1));
        Assert.That(view.FileOffsetOf(group + 1), Is.EqualTo(p.FileOffsetOf(group + 1)));
    }

    [TestCase(-1, 4, 8)]
    [TestCase(0, -4, 8)]
    [TestCase(0, 4, -8)]
    [TestCase(0, 9, 8)]
    public void Constructor_InvalidValues_ThrowArg(long offset, long group, long stride)
    {
        var e = Assert.Throws<MpiException>(() => _ = new StridedPartition(offset, group, stride));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [Test]
    public void FileOffsetOf_NegativeByte_ThrowsArg()
    {
        var e = Assert.Throws<MpiException>(() => new StridedPartition(0, 4, 8).FileOffsetOf(-1));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [Test]
    public void Equality_SameValues_EqualAndDeconstruct()
    {
        Assert.That(new StridedPartition(1, 2, 3), Is.EqualTo(new StridedPartition(1, 2, 3)));
        (long offset, long group, long stride) = new StridedPartition(1, 2, 3);
        Assert.That((offset, group, stride), Is.EqualTo((1L, 2L, 3L)));
    }
}
