using System.Runtime.CompilerServices;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;

namespace MpiIo.Tests.Mpi;

/// <summary>The ABI description, checked without starting MPI.</summary>
[TestFixture]
public class AbiTests
{
    [Test]
    public void StatusRaw_Layout_MatchesMpichFieldOrder()
    {
        Assert.That(Unsafe.SizeOf<MpiStatusRaw>(), Is.EqualTo(MpiAbi.StatusSize));
        var s = new MpiStatusRaw { CountLo = 1, CountHiAndCancelled = 2, Source = 3, Tag = 4, Error = 5 };
        var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<MpiStatusRaw, int>(new[] { s });
        Assert.That(ints.ToArray(), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [TestCase(100, 0, 100L, false)]
    [TestCase(-1, 0, 4294967295L, false)]
    [TestCase(5, 2 << 1, (2L << 32) + 5, false)]
    [TestCase(7, (3 << 1) | 1, (3L << 32) + 7, true)]
    public void StatusRaw_ByteCount_CombinesLowAndHighBits(int lo, int hiAndCancelled, long bytes, bool cancelled)
    {
        var s = new MpiStatusRaw { CountLo = lo, CountHiAndCancelled = hiAndCancelled };
        Assert.That(s.ByteCount, Is.EqualTo(bytes));
        Assert.That(s.Cancelled, Is.EqualTo(cancelled));
    }

    [Test]
    public void Status_GetCount_PartialElementIsUndefined()
    {
        var s = new Status(new MpiStatusRaw { CountLo = 10 });
        Assert.That(s.GetCount<byte>(), Is.EqualTo(10));
        Assert.That(s.GetCount<short>(), Is.EqualTo(5));
        Assert.That(s.GetCount<int>(), Is.EqualTo(MpiAbi.MPI_UNDEFINED));
    }

    [Test]
    public void Handles_KnownValues_MatchMpichHeader()
    {
        Assert.That(MpiAbi.MPI_COMM_WORLD, Is.EqualTo(0x44000000));
        Assert.That(MpiAbi.MPI_INT, Is.EqualTo(0x4c000405));
        Assert.That((int)Op.Sum, Is.EqualTo(0x58000003));
    }

    [Test]
    public void MpiType_Primitives_MapToPredefinedTypes()
    {
        Assert.That(MpiType<int>.Handle, Is.EqualTo(MpiAbi.MPI_INT32_T));
        Assert.That(MpiType<double>.Handle, Is.EqualTo(MpiAbi.MPI_DOUBLE));
        Assert.That(MpiType<long>.Handle, Is.EqualTo(MpiAbi.MPI_INT64_T));
        Assert.That(MpiType<byte>.IsPrimitive, Is.True);
        Assert.That(MpiType<(int, byte)>.IsPrimitive, Is.False);
    }

    [Test]
    public void MpiException_ManagedClass_CarriesClassAsCode()
    {
        var e = new MpiException(ErrorClass.Amode, "bad amode");
        Assert.That(e.ErrorClass, Is.EqualTo(ErrorClass.Amode));
        Assert.That(e.ErrorCode, Is.EqualTo(21));
    }
}
