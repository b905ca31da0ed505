using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Native.Exports;
using MpiIo.Native.Files;

namespace MpiIo.Tests.Native;

public unsafe class UserBufferTests
{
    [Test]
    public void Of_ContiguousType_IsTheBufferItself()
    {
        var data = new byte[40];
        fixed (byte* p = data)
        {
            var b = UserBuffer.Of(p, 10, Datatype.Int);
            Assert.That(b.Start == p, Is.True);
            Assert.That(b.Length, Is.EqualTo(40));
            Assert.That(b.Type, Is.SameAs(Datatype.Int));
        }
    }

    [Test]
    public void Of_NegativeLowerBound_StartsAtTheLowestByteWithAShiftedType()
    {
        // Each copy: one int at displacement -4, copies 8 bytes apart: bytes -4..4+4 of the buffer are touched.
        var type = Datatype.Resized(Datatype.Struct([1], [-4], [Datatype.Int]), -4, 8).Commit();
        var data = new byte[16];
        fixed (byte* p = data)
        {
            var b = UserBuffer.Of(p + 4, 2, type);
            Assert.That(b.Start == p, Is.True);
            Assert.That(b.Length, Is.EqualTo(12));
            Assert.That(b.Type.TrueLb, Is.Zero);
            Assert.That((b.Type.Size, b.Type.Extent), Is.EqualTo((type.Size, type.Extent)));
            Assert.That(b.Type.DisplacementOf(4), Is.EqualTo(8), "the second copy's int is 8 bytes after the first");
        }
    }

    [Test]
    public void Of_NoData_TouchesNothing()
    {
        var b = UserBuffer.Of(null, 0, Datatype.Double);
        Assert.That(b.Length, Is.Zero);
        Assert.That(b.Memory.Length, Is.Zero);
    }

    [Test]
    public void Of_NullBufferWithData_RaisesBufferError()
    {
        Assert.That(Assert.Throws<MpiException>(() => UserBuffer.Of(null, 4, Datatype.Int))!.ErrorClass, Is.EqualTo(ErrorClass.Buffer));
    }

    [Test]
    public void Of_MoreThan2GiB_RaisesCountError()
    {
        // Only the span is computed: the huge buffer is never touched.
        nint somewhere = 4096;
        Assert.That(Assert.Throws<MpiException>(() => UserBuffer.Of((void*)somewhere, 1L << 29, Datatype.Double))!.ErrorClass, Is.EqualTo(ErrorClass.Count));
    }

    [Test]
    public void Memory_ViewsTheSameBytes()
    {
        var data = new byte[] { 1, 2, 3, 4 };
        fixed (byte* p = data)
        {
            var m = UserBuffer.Of(p, 4, Datatype.Byte).Memory;
            m.Span[2] = 9;
        }
        Assert.That(data[2], Is.EqualTo(9));
    }

    [Test]
    public void FortranText_TrailingBlanks_AreDropped()
    {
        var padded = "out.dat     "u8.ToArray();
        fixed (byte* p = padded)
            Assert.That(Fortran.Text(p, (nuint)padded.Length), Is.EqualTo("out.dat\0"u8.ToArray()));
    }

    [Test]
    public void FortranPad_ShortValue_IsBlankPadded()
    {
        var source = new byte[MpiIo.Native.Interop.MpichConstants.MaxDatarepString];
        "native"u8.CopyTo(source);
        var target = new byte[10];
        fixed (byte* s = source)
        fixed (byte* t = target)
            Fortran.Pad(s, t, (nuint)target.Length);
        Assert.That(target, Is.EqualTo("native    "u8.ToArray()));
    }

    [Test]
    public void FileOps_Names_FollowMpi()
    {
        Assert.That(FileOp.ReadAtAll.Blocking(), Is.EqualTo("MPI_File_read_at_all"));
        Assert.That(FileOp.WriteShared.Nonblocking(), Is.EqualTo("MPI_File_iwrite_shared"));
        Assert.That(FileOp.WriteOrdered.Begin(), Is.EqualTo("MPI_File_write_ordered_begin"));
        Assert.That(FileOp.ReadAll.End(), Is.EqualTo("MPI_File_read_all_end"));
        Assert.That(FileOp.Write.Writes() && !FileOp.Read.Writes(), Is.True);
        Assert.That(FileOp.ReadOrdered.IsCollective() && !FileOp.ReadShared.IsCollective(), Is.True);
    }
}
