using MpiIo.Datatypes;
using NUnit.Framework;

namespace MpiIo.Tests.Datatypes;

/// <summary>The flattened trees against naive typemaps, and the lazy-walking requirement.</summary>
public class FlattenTests
{
    private static List<(long Offset, long Length)> Walk(Datatype t, long count, long maxBytes = long.MaxValue)
    {
        var cursor = new TypeCursor(t, count);
        var blocks = new List<(long, long)>();
        while (cursor.Next(maxBytes, out long offset, out long length))
            blocks.Add((offset, length));
        return blocks;
    }

    [Test]
    public void Cursor_Vector_YieldsStridedBlocks()
    {
        Datatype t = Datatype.Vector(3, 2, 4, Datatype.Int);
        Assert.That(Walk(t, 1), Is.EqualTo(new[] { (0L, 8L), (16L, 8L), (32L, 8L) }));
        Assert.That(t.BlockCount, Is.EqualTo(3));
    }

    [Test]
    public void Cursor_ZeroLengthBlocks_Skipped()
    {
        Datatype t = Datatype.Indexed([0, 2, 0, 1, 0], [9, 1, 3, 5, 7], Datatype.Int);
        Assert.That(Walk(t, 1), Is.EqualTo(new[] { (4L, 8L), (20L, 4L) }));
        Assert.That(t.BlockCount, Is.EqualTo(2));
    }

    [Test]
    public void Cursor_NegativeDisplacements_InTypemapOrder()
    {
        Datatype t = Datatype.Hindexed([1, 1, 1], [8, -16, 0], Datatype.Double);
        Assert.That(Walk(t, 1), Is.EqualTo(new[] { (8L, 8L), (-16L, 8L), (0L, 8L) }));
        Assert.That(t.BlockCount, Is.EqualTo(3), "(-16..-8) and (0..8) do not touch: not merged");
    }

    [Test]
    public void Cursor_BlocksTouchingAcrossCopies_Merged()
    {
        // Ints at 4 and 8, extent 8: copy 0 holds 4..12 (merged), copy 1 continues at 12.
        Datatype t = Datatype.Resized(Datatype.Indexed([1, 1], [1, 2], Datatype.Int), 0, 8);
        Assert.That(Walk(t, 3), Is.EqualTo(new[] { (4L, 24L) }));
        Assert.That(t.BlockCount, Is.EqualTo(1));
        Assert.That(t.BlockIndexOf(23), Is.EqualTo(0));
    }

    [Test]
    public void Cursor_LastBlockTouchesNextCopy_MergedOnce()
    {
        // Blocks 0..4 and 8..12, extent 12: copy k's 8..12 meets copy k+1's 12..16.
        Datatype t = Datatype.Resized(Datatype.Indexed([1, 1], [0, 2], Datatype.Int), 0, 12);
        Assert.That(Walk(t, 3), Is.EqualTo(new[] { (0L, 4L), (8L, 8L), (20L, 8L), (32L, 4L) }));
        Assert.That(Enumerable.Range(0, 24).Select(i => t.BlockIndexOf(i)),
            Is.EqualTo(new long[] { 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3 }));
    }

    [Test]
    public void Cursor_MaxBytes_ClipsAndResumes()
    {
        Datatype t = Datatype.Vector(2, 3, 5, Datatype.Int);
        Assert.That(Walk(t, 1, 5), Is.EqualTo(new[] { (0L, 5L), (5L, 5L), (10L, 2L), (20L, 5L), (25L, 5L), (30L, 2L) }));
    }

    [Test]
    public void Cursor_Seek_StartsMidBlock()
    {
        var cursor = new TypeCursor(Datatype.Vector(4, 2, 3, Datatype.Double), 2);
        cursor.Seek(70);
        Assert.That(cursor.Position, Is.EqualTo(70));
        Assert.That(cursor.Next(long.MaxValue, out long offset, out long length), Is.True);
        // Copy 1 (extent (3·3 + 2)·8 = 88), data byte 6 = block 0 of copy 1: 88 + 6.
        Assert.That((offset, length), Is.EqualTo((94L, 10L)));
        cursor.Seek(cursor.Length);
        Assert.That(cursor.Next(1, out _, out _), Is.False);
    }

    [Test]
    public void Cursor_ResetForAnotherType_Reused()
    {
        var cursor = new TypeCursor(Datatype.Int, 3);
        Assert.That(cursor.Next(100, out long o, out long l) && o == 0 && l == 12, Is.True);
        cursor.Reset(Datatype.Vector(2, 1, 2, Datatype.Short), 1);
        Assert.That(cursor.Next(100, out o, out l) && o == 0 && l == 2, Is.True);
        Assert.That(cursor.Next(100, out o, out l) && o == 4 && l == 2, Is.True);
        Assert.That(cursor.Next(100, out _, out _), Is.False);
    }

    [Test]
    public void Flatten_RandomNestedTypes_MatchNaiveTypemap([Range(0, 299)] int seed)
    {
        var rng = new Random(seed);
        ReferenceType r = ReferenceTypemap.Random(rng, 4);
        Datatype t = r.Type.Commit();
        int count = rng.Next(1, 4);
        long[] tiled = ReferenceTypemap.Tiled(r, count);
        Assert.That(t.Size, Is.EqualTo(r.Bytes.Length), r.Recipe);
        if (t.Size == 0)
        {
            Assert.That(Walk(t, count), Is.Empty);
            return;
        }
        Assert.That(t.TrueLb, Is.LessThanOrEqualTo(r.Bytes.Min()), r.Recipe);
        Assert.That(t.TrueUb, Is.GreaterThanOrEqualTo(r.Bytes.Max() + 1), r.Recipe);

        // Blocks, merged, equal the naive merge of the tiled typemap.
        var merged = ReferenceTypemap.Merge(tiled);
        Assert.That(Walk(t, count), Is.EqualTo(merged), r.Recipe);
        Assert.That(t.BlockCount, Is.EqualTo(ReferenceTypemap.Merge(r.Bytes).Count), r.Recipe);

        // Clipped walks expand to the same bytes.
        long clip = rng.Next(1, 13);
        var bytes = new List<long>();
        foreach ((long o, long l) in Walk(t, count, clip))
        {
            Assert.That(l, Is.LessThanOrEqualTo(clip));
            for (long i = 0; i < l; i++)
                bytes.Add(o + i);
        }
        Assert.That(bytes, Is.EqualTo(tiled), r.Recipe);

        // Locate, block index and seek agree with the reference at every byte.
        var blockOf = new long[tiled.Length];
        for (int i = 1; i < tiled.Length; i++)
            blockOf[i] = blockOf[i - 1] + (tiled[i] == tiled[i - 1] + 1 ? 0 : 1);
        var cursor = new TypeCursor(t, count);
        for (int i = 0; i < tiled.Length; i++)
        {
            Assert.That(t.DisplacementOf(i), Is.EqualTo(tiled[i]), $"{r.Recipe} byte {i}");
            Assert.That(t.BlockIndexOf(i), Is.EqualTo(blockOf[i]), $"{r.Recipe} byte {i}");
            cursor.Seek(i);
            Assert.That(cursor.Next(1, out long off, out _) && off == tiled[i], Is.True, $"{r.Recipe} seek {i}");
        }

        // Monotonic types invert: the data offset of a displacement.
        bool monotonic = IsStrictlyIncreasing(ReferenceTypemap.Tiled(r, 3));
        Assert.That(t.IsMonotonic, Is.EqualTo(monotonic), r.Recipe);
        if (monotonic)
        {
            long[] three = ReferenceTypemap.Tiled(r, 3);
            for (long d = three[0] - 2; d <= three[^1] - t.Extent; d++)
            {
                long expected = three.Count(b => b < d);
                Assert.That(t.DataOffsetAtOrAfter(d), Is.EqualTo(expected), $"{r.Recipe} displacement {d}");
            }
        }
    }

    private static bool IsStrictlyIncreasing(long[] bytes)
    {
        for (int i = 1; i < bytes.Length; i++)
        {
            if (bytes[i] <= bytes[i - 1])
                return false;
        }
        return true;
    }

    [Test]
    public void Commit_VectorOfBillionBlocks_ConstantMemory()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Datatype t = Datatype.Vector(1_000_000_000, 1, 2, Datatype.Double).Commit();
        var cursor = new TypeCursor(t, 1);
        cursor.Seek(8L * 999_999_999 + 3);
        Assert.That(cursor.Next(long.MaxValue, out long offset, out long length), Is.True);
        long blocks = t.BlockCount;
        long displacement = t.DisplacementOf(8L * 500_000_000);
        long back = t.DataOffsetAtOrAfter(16L * 500_000_000 + 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That((offset, length), Is.EqualTo((16L * 999_999_999 + 3, 5L)));
            Assert.That(blocks, Is.EqualTo(1_000_000_000));
            Assert.That(displacement, Is.EqualTo(16L * 500_000_000));
            Assert.That(back, Is.EqualTo(8L * 500_000_000 + 1));
            Assert.That(t.Size, Is.EqualTo(8_000_000_000));
            Assert.That(allocated, Is.LessThan(1 << 20));
        });
    }

    [Test]
    public void Commit_Subarray1024Cubed_ConstantMemory()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Datatype t = Datatype.Subarray([1024, 1024, 1024], [512, 512, 512], [256, 256, 256], Order.C, Datatype.Double).Commit();
        var cursor = new TypeCursor(t, 1);
        long last = t.Size - 8;
        cursor.Seek(last);
        Assert.That(cursor.Next(long.MaxValue, out long offset, out long length), Is.True);
        long blocks = t.BlockCount;
        long index = t.BlockIndexOf(last);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long expectedLast = ((767L * 1024 + 767) * 1024 + 767) * 8;
        Assert.Multiple(() =>
        {
            Assert.That((offset, length), Is.EqualTo((expectedLast, 8L)));
            Assert.That(blocks, Is.EqualTo(512L * 512));
            Assert.That(index, Is.EqualTo(512L * 512 - 1));
            Assert.That(t.Extent, Is.EqualTo(8L << 30));
            Assert.That(allocated, Is.LessThan(1 << 20));
        });
    }

    [Test]
    public void Flatten_BlocksOfLargeIrregularType_MatchNaiveTypemap()
    {
        // A 20-member struct (too large to inline) in an hindexed: leaves of neighbouring copies touch.
        ReferenceType member = ReferenceTypemap.Primitive(Datatype.Int);
        var members = Enumerable.Repeat(member, 20).ToArray();
        int[] lengths = Enumerable.Range(0, 20).Select(i => i % 3).ToArray();
        long[] disps = Enumerable.Range(0, 20).Select(i => (long)(8 * i)).ToArray();
        ReferenceType inner = ReferenceTypemap.Struct(lengths, disps, members);
        ReferenceType outer = ReferenceTypemap.Hindexed([1, 2, 1], [0, 160, 400], inner);
        long[] tiled = ReferenceTypemap.Tiled(outer, 2);
        Assert.That(Walk(outer.Type, 2), Is.EqualTo(ReferenceTypemap.Merge(tiled)));
        Assert.That(outer.Type.BlockCount, Is.EqualTo(ReferenceTypemap.Merge(outer.Bytes).Count));
        for (int i = 0; i < tiled.Length; i++)
            Assert.That(outer.Type.DisplacementOf(i), Is.EqualTo(tiled[i]));
    }

    [Test]
    public void Commit_IrregularOfIrregular_DoesNotMultiplyOut()
    {
        int[] ones = Enumerable.Repeat(1, 1000).ToArray();
        long[] inner = Enumerable.Range(0, 1000).Select(i => 16L * i).ToArray();
        long[] outer = Enumerable.Range(0, 1000).Select(i => 20_000L * i + 8 * (i % 2)).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Datatype t = Datatype.Hindexed(ones, outer, Datatype.Hindexed(ones, inner, Datatype.Double)).Commit();
        long blocks = t.BlockCount;
        long last = t.DisplacementOf(t.Size - 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(blocks, Is.EqualTo(1_000_000));
        Assert.That(last, Is.EqualTo(20_000L * 999 + 8 + 16 * 999 + 7));
        Assert.That(allocated, Is.LessThan(1 << 20), "the million blocks stay symbolic");
    }

    [Test]
    public void Commit_FullSubarray_IsOneBlock()
    {
        Datatype t = Datatype.Subarray([1024, 1024, 1024], [1024, 1024, 1024], [0, 0, 0], Order.Fortran, Datatype.Double);
        Assert.That(t.BlockCount, Is.EqualTo(1));
        Assert.That(t.IsContiguous, Is.True);
    }

    [Test]
    public void Cursor_WalkManyStridedBlocks_NoAllocationPerBlock()
    {
        Datatype t = Datatype.Vector(100_000, 1, 3, Datatype.Int).Commit();
        var cursor = new TypeCursor(t, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long n = 0;
        while (cursor.Next(long.MaxValue, out _, out _))
            n++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(n, Is.EqualTo(100_000));
        Assert.That(allocated, Is.LessThan(1024));
    }
}
