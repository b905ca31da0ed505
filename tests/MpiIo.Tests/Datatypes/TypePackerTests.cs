using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using NUnit.Framework;

namespace MpiIo.Tests.Datatypes;

/// <summary>Pack and unpack against a byte-by-byte reference, and external32 conversion.</summary>
public class TypePackerTests
{
    [Test]
    public void Pack_RandomNestedTypes_MatchNaivePack([Range(0, 199)] int seed)
    {
        var rng = new Random(seed);
        ReferenceType r = ReferenceTypemap.Random(rng, 4);
        Datatype t = r.Type;
        int count = rng.Next(1, 4);
        long[] tiled = ReferenceTypemap.Tiled(r, count);
        if (tiled.Length == 0)
        {
            TypePacker.Pack([], 0, t, count, 0, []);
            return;
        }
        // Memory just big enough for the true range of every copy, with the origin placed accordingly.
        long span = (count - 1) * t.Extent;
        long low = Math.Min(t.TrueLb, t.TrueLb + span), high = Math.Max(t.TrueUb, t.TrueUb + span);
        long origin = -low + rng.Next(0, 3);
        byte[] memory = new byte[origin + high + rng.Next(0, 3)];
        rng.NextBytes(memory);

        byte[] expected = tiled.Select(d => memory[origin + d]).ToArray();
        byte[] packed = new byte[expected.Length];
        TypePacker.Pack(memory, origin, t, count, 0, packed);
        Assert.That(packed, Is.EqualTo(expected), r.Recipe);

        // Any window of the stream.
        int start = rng.Next(0, expected.Length);
        int length = rng.Next(0, expected.Length - start + 1);
        byte[] window = new byte[length];
        TypePacker.Pack(memory, origin, t, count, start, window);
        Assert.That(window, Is.EqualTo(expected.AsSpan(start, length).ToArray()), $"{r.Recipe} window {start}+{length}");

        // Unpack a window of fresh bytes: exactly the typemap positions change (last writer wins on overlap).
        byte[] fresh = new byte[length];
        rng.NextBytes(fresh);
        byte[] target = (byte[])memory.Clone();
        byte[] reference = (byte[])memory.Clone();
        for (int i = 0; i < length; i++)
            reference[origin + tiled[start + i]] = fresh[i];
        TypePacker.Unpack(fresh, target, origin, t, count, start);
        Assert.That(target, Is.EqualTo(reference), $"{r.Recipe} unpack window {start}+{length}");
    }

    [Test]
    public void PackUnpack_VectorOfDoubles_RoundTrips()
    {
        double[] grid = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        Datatype column = Datatype.Vector(100, 1, 10, Datatype.Double);
        byte[] packed = new byte[column.Size * 2];
        // Two columns: the type resized to one element so copies interleave.
        Datatype tiled = Datatype.Resized(column, 0, 8);
        TypePacker.Pack(MemoryMarshal.AsBytes(grid.AsSpan()), 8 * 3, tiled, 2, 0, packed);
        double[] values = MemoryMarshal.Cast<byte, double>(packed).ToArray();
        Assert.That(values.Take(100), Is.EqualTo(Enumerable.Range(0, 100).Select(i => 3.0 + 10 * i)));
        Assert.That(values.Skip(100), Is.EqualTo(Enumerable.Range(0, 100).Select(i => 4.0 + 10 * i)));

        double[] back = new double[1000];
        TypePacker.Unpack(packed, MemoryMarshal.AsBytes(back.AsSpan()), 8 * 3, tiled, 2, 0);
        for (int i = 0; i < 1000; i++)
            Assert.That(back[i], Is.EqualTo(i % 10 is 3 or 4 ? i : 0.0));
    }

    [Test]
    public void Pack_MemoryTooSmall_ThrowsBuffer()
    {
        Datatype t = Datatype.Vector(3, 1, 2, Datatype.Int);
        byte[] packed = new byte[12];
        var e = Assert.Throws<MpiException>(() => TypePacker.Pack(new byte[19], 0, t, 1, 0, packed));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Buffer));
        Assert.DoesNotThrow(() => TypePacker.Pack(new byte[20], 0, t, 1, 0, packed));
    }

    [Test]
    public void Pack_NegativeDisplacementBelowOrigin_ThrowsBuffer()
    {
        Datatype t = Datatype.Hindexed([1], [-8], Datatype.Int);
        var e = Assert.Throws<MpiException>(() => TypePacker.Pack(new byte[16], 4, t, 1, 0, new byte[4]));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Buffer));
        Assert.DoesNotThrow(() => TypePacker.Pack(new byte[16], 8, t, 1, 0, new byte[4]));
    }

    [Test]
    public void Unpack_WindowPastStream_ThrowsArg()
    {
        var e = Assert.Throws<MpiException>(() => TypePacker.Unpack(new byte[8], new byte[64], 0, Datatype.Int, 1, 0));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
        e = Assert.Throws<MpiException>(() => TypePacker.Pack(new byte[64], 0, Datatype.Int, 2, -1, new byte[4]));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [Test]
    public void Pack_NegativeCount_ThrowsCount()
    {
        var e = Assert.Throws<MpiException>(() => TypePacker.Pack(new byte[64], 0, Datatype.Int, -1, 0, []));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Count));
    }

    private static Datatype Mixed => Datatype.Struct([1, 2, 1, 3], [0, 8, 24, 26], [Datatype.Int, Datatype.Double, Datatype.Short, Datatype.Byte]);

    private static byte[] NativeMixed(int copies)
    {
        var bytes = new List<byte>();
        for (int c = 0; c < copies; c++)
        {
            bytes.AddRange(BitConverter.GetBytes(0x01020304 + c));
            bytes.AddRange(BitConverter.GetBytes(1.5 + c));
            bytes.AddRange(BitConverter.GetBytes(-2.25 - c));
            bytes.AddRange(BitConverter.GetBytes((short)(0x0A0B + c)));
            bytes.AddRange(new byte[] { 7, 8, (byte)c });
        }
        return bytes.ToArray();
    }

    private static byte[] BigEndianMixed(int copies)
    {
        var bytes = new List<byte>();
        var b8 = new byte[8];
        for (int c = 0; c < copies; c++)
        {
            BinaryPrimitives.WriteInt32BigEndian(b8, 0x01020304 + c);
            bytes.AddRange(b8.Take(4));
            BinaryPrimitives.WriteDoubleBigEndian(b8, 1.5 + c);
            bytes.AddRange(b8);
            BinaryPrimitives.WriteDoubleBigEndian(b8, -2.25 - c);
            bytes.AddRange(b8);
            BinaryPrimitives.WriteInt16BigEndian(b8, (short)(0x0A0B + c));
            bytes.AddRange(b8.Take(2));
            bytes.AddRange(new byte[] { 7, 8, (byte)c });
        }
        return bytes.ToArray();
    }

    [Test]
    public void ToExternal_StructStream_BigEndianPrimitives()
    {
        byte[] stream = NativeMixed(3);
        External32.ToExternal(stream, Mixed, 0);
        Assert.That(stream, Is.EqualTo(BigEndianMixed(3)));
        External32.FromExternal(stream, Mixed, 0);
        Assert.That(stream, Is.EqualTo(NativeMixed(3)));
    }

    [Test]
    public void ToExternal_WindowStartingMidType_SwapsThatWindow()
    {
        byte[] native = NativeMixed(3), big = BigEndianMixed(3);
        // Copy 0 from the second double (byte 12 of the 25-byte stream copy) into copy 2's int.
        const int start = 12, end = 25 + 25 + 4;
        byte[] window = native[start..end];
        External32.ToExternal(window, Mixed, start);
        Assert.That(window, Is.EqualTo(big[start..end]));
    }

    [Test]
    public void ToExternal_WindowSplittingPrimitive_ThrowsArg()
    {
        byte[] window = new byte[6];
        var e = Assert.Throws<MpiException>(() => External32.ToExternal(window, Mixed, 2));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [Test]
    public void ToExternal_VectorOfInts_SwapsEachInt()
    {
        Datatype t = Datatype.Vector(4, 3, 5, Datatype.Int);
        int[] values = Enumerable.Range(1, 12).ToArray();
        byte[] stream = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        External32.ToExternal(stream, t, 0);
        for (int i = 0; i < 12; i++)
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(stream.AsSpan(4 * i)), Is.EqualTo(i + 1));
    }

    [Test]
    public void ToExternal_TypesWithOtherExternalSizes_ThrowUnsupportedDatarep(
        [Values("Long", "UnsignedLong", "WChar", "LongDouble")] string name)
    {
        Datatype primitive = (Datatype)typeof(Datatype).GetField(name)!.GetValue(null)!;
        Datatype t = Datatype.Struct([1, 1], [0, 16], [Datatype.Int, primitive]);
        Assert.That(External32.Supports(t), Is.False);
        var e = Assert.Throws<MpiException>(() => External32.ToExternal(new byte[t.Size], t, 0));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.UnsupportedDatarep));
    }
}
