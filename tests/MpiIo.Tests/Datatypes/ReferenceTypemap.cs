using MpiIo.Datatypes;

namespace MpiIo.Tests.Datatypes;

/// <summary>A datatype beside its typemap expanded naively: the displacement of every data byte, in order.</summary>
internal sealed record ReferenceType(Datatype Type, long[] Bytes, string Recipe)
{
    public override string ToString() => Recipe;
}

/// <summary>
/// The obvious, slow reading of MPI's constructor definitions, used to check the flattened trees.
/// Bounds come from the types under test (they are checked against MPICH elsewhere); the typemaps are
/// built here independently.
/// </summary>
internal static class ReferenceTypemap
{
    private static readonly Datatype[] Primitives = [Datatype.Byte, Datatype.Short, Datatype.Int, Datatype.Double, Datatype.Float];

    public static ReferenceType Primitive(Datatype t) => new(t, Range(0, t.Size), t.Name!);

    public static ReferenceType Contiguous(int count, ReferenceType old) =>
        new(Datatype.Contiguous(count, old.Type), Copies(old, count, old.Type.Extent, 1, 0), $"contig({count},{old})");

    public static ReferenceType Vector(int count, int blocklength, int stride, ReferenceType old) =>
        new(Datatype.Vector(count, blocklength, stride, old.Type),
            Copies(old, count, stride * old.Type.Extent, blocklength, 0), $"vector({count},{blocklength},{stride},{old})");

    public static ReferenceType Hvector(int count, int blocklength, long stride, ReferenceType old) =>
        new(Datatype.Hvector(count, blocklength, stride, old.Type),
            Copies(old, count, stride, blocklength, 0), $"hvector({count},{blocklength},{stride},{old})");

    public static ReferenceType Hindexed(int[] lengths, long[] disps, ReferenceType old)
    {
        var bytes = new List<long>();
        for (int i = 0; i < lengths.Length; i++)
            bytes.AddRange(Copies(old, 1, 0, lengths[i], disps[i]));
        return new(Datatype.Hindexed(lengths, disps, old.Type), bytes.ToArray(),
            $"hindexed([{string.Join(",", lengths)}],[{string.Join(",", disps)}],{old})");
    }

    public static ReferenceType Indexed(int[] lengths, int[] disps, ReferenceType old)
    {
        var bytes = new List<long>();
        for (int i = 0; i < lengths.Length; i++)
            bytes.AddRange(Copies(old, 1, 0, lengths[i], disps[i] * old.Type.Extent));
        return new(Datatype.Indexed(lengths, disps, old.Type), bytes.ToArray(),
            $"indexed([{string.Join(",", lengths)}],[{string.Join(",", disps)}],{old})");
    }

    public static ReferenceType HindexedBlock(int blocklength, long[] disps, ReferenceType old)
    {
        var bytes = new List<long>();
        foreach (long d in disps)
            bytes.AddRange(Copies(old, 1, 0, blocklength, d));
        return new(Datatype.HindexedBlock(blocklength, disps, old.Type), bytes.ToArray(),
            $"hindexed_block({blocklength},[{string.Join(",", disps)}],{old})");
    }

    public static ReferenceType Struct(int[] lengths, long[] disps, ReferenceType[] types)
    {
        var bytes = new List<long>();
        for (int i = 0; i < lengths.Length; i++)
            bytes.AddRange(Copies(types[i], 1, 0, lengths[i], disps[i]));
        return new(Datatype.Struct(lengths, disps, types.Select(t => t.Type).ToArray()), bytes.ToArray(),
            $"struct([{string.Join(",", lengths)}],[{string.Join(",", disps)}],[{string.Join(",", types.Select(t => t.Recipe))}])");
    }

    public static ReferenceType Resized(ReferenceType old, long lb, long extent) =>
        new(Datatype.Resized(old.Type, lb, extent), old.Bytes, $"resized({old},{lb},{extent})");

    /// <summary>Subarray by enumerating the multi-index in storage order.</summary>
    public static ReferenceType Subarray(int[] sizes, int[] subsizes, int[] starts, Order order, ReferenceType old)
    {
        int n = sizes.Length;
        var bytes = new List<long>();
        var idx = new int[n];
        long total = subsizes.Aggregate(1L, (a, b) => a * b);
        for (long e = 0; e < total; e++)
        {
            long rest = e;
            // Decompose e with the fastest dimension last (C) or first (Fortran).
            for (int k = 0; k < n; k++)
            {
                int d = order == Order.C ? n - 1 - k : k;
                idx[d] = (int)(rest % subsizes[d]);
                rest /= subsizes[d];
            }
            long linear = 0;
            for (int k = 0; k < n; k++)
            {
                int d = order == Order.C ? k : n - 1 - k;
                linear = linear * sizes[d] + starts[d] + idx[d];
            }
            foreach (long b in old.Bytes)
                bytes.Add(linear * old.Type.Extent + b);
        }
        return new(Datatype.Subarray(sizes, subsizes, starts, order, old.Type), bytes.ToArray(),
            $"subarray([{string.Join(",", sizes)}],[{string.Join(",", subsizes)}],[{string.Join(",", starts)}],{order},{old})");
    }

    /// <summary>The byte displacements of <paramref name="count"/> copies tiled at the extent.</summary>
    public static long[] Tiled(ReferenceType t, long count) => Copies(t, count, t.Type.Extent, 1, 0);

    /// <summary>Merges a byte sequence into (offset, length) blocks where consecutive bytes touch.</summary>
    public static List<(long Offset, long Length)> Merge(IReadOnlyList<long> bytes)
    {
        var blocks = new List<(long Offset, long Length)>();
        foreach (long b in bytes)
        {
            if (blocks.Count > 0 && blocks[^1].Offset + blocks[^1].Length == b)
                blocks[^1] = (blocks[^1].Offset, blocks[^1].Length + 1);
            else
                blocks.Add((b, 1));
        }
        return blocks;
    }

    /// <summary>A random nested type of at most <paramref name="depth"/> levels; displacements may be negative unless <paramref name="monotone"/>.</summary>
    public static ReferenceType Random(Random rng, int depth, bool monotone = false)
    {
        if (depth == 0 || rng.Next(5) == 0)
            return Primitive(Primitives[rng.Next(Primitives.Length)]);
        ReferenceType old = Random(rng, depth - 1, monotone);
        int choice = rng.Next(monotone ? 8 : 10);
        long ext = Math.Max(1, old.Type.Extent);
        switch (choice)
        {
            case 0:
                return Contiguous(rng.Next(0, 4), old);
            case 1:
                return Vector(rng.Next(0, 4), rng.Next(0, 3), monotone ? rng.Next(2, 5) : rng.Next(-3, 5), old);
            case 2:
                return Hvector(rng.Next(0, 4), rng.Next(0, 3), monotone ? ext * 2 + rng.Next(0, 9) : rng.Next(-30, 40), old);
            case 3:
            {
                int n = rng.Next(1, 4);
                int[] lengths = Enumerable.Range(0, n).Select(_ => rng.Next(0, 3)).ToArray();
                long[] disps = new long[n];
                long at = rng.Next(0, 8);
                for (int i = 0; i < n; i++)
                {
                    disps[i] = monotone ? at : rng.Next(-40, 60);
                    at += lengths[i] * ext + rng.Next(0, 9);
                }
                return Hindexed(lengths, disps, old);
            }
            case 4:
            {
                int n = rng.Next(1, 4);
                int[] lengths = Enumerable.Range(0, n).Select(_ => rng.Next(0, 3)).ToArray();
                int[] disps = new int[n];
                int at = rng.Next(0, 3);
                for (int i = 0; i < n; i++)
                {
                    disps[i] = monotone ? at : rng.Next(-4, 8);
                    at += lengths[i] + rng.Next(0, 2);
                }
                return Indexed(lengths, disps, old);
            }
            case 5:
            {
                int n = rng.Next(1, 4);
                int bl = rng.Next(0, 3);
                long[] disps = new long[n];
                long at = rng.Next(0, 5);
                for (int i = 0; i < n; i++)
                {
                    disps[i] = monotone ? at : rng.Next(-40, 60);
                    at += bl * ext + rng.Next(0, 7);
                }
                return HindexedBlock(bl, disps, old);
            }
            case 6:
            {
                int n = rng.Next(1, 4);
                var types = new ReferenceType[n];
                int[] lengths = new int[n];
                long[] disps = new long[n];
                long at = rng.Next(0, 5);
                for (int i = 0; i < n; i++)
                {
                    types[i] = i == 0 ? old : Random(rng, depth - 1, monotone);
                    lengths[i] = rng.Next(0, 3);
                    long e = Math.Max(1, types[i].Type.Extent);
                    disps[i] = monotone ? at - Math.Min(0, types[i].Type.TrueLb) : rng.Next(-40, 60);
                    at = disps[i] + Math.Max(types[i].Type.TrueUb, lengths[i] * e) + rng.Next(0, 7);
                }
                return Struct(lengths, disps, types);
            }
            case 7:
            {
                int[] sizes = [rng.Next(1, 4), rng.Next(1, 4)];
                int[] subsizes = [rng.Next(1, sizes[0] + 1), rng.Next(1, sizes[1] + 1)];
                int[] starts = [rng.Next(0, sizes[0] - subsizes[0] + 1), rng.Next(0, sizes[1] - subsizes[1] + 1)];
                return Subarray(sizes, subsizes, starts, rng.Next(2) == 0 ? Order.C : Order.Fortran, old);
            }
            case 8:
                return Resized(old, rng.Next(-8, 9), rng.Next(1, 40));
            default:
                return new(Datatype.Dup(old.Type), old.Bytes, $"dup({old})");
        }
    }

    private static long[] Copies(ReferenceType old, long count, long stride, long blocklength, long disp)
    {
        var bytes = new List<long>();
        for (long k = 0; k < count; k++)
        {
            for (long j = 0; j < blocklength; j++)
            {
                foreach (long b in old.Bytes)
                    bytes.Add(disp + k * stride + j * old.Type.Extent + b);
            }
        }
        return bytes.ToArray();
    }

    private static long[] Range(long start, long count)
    {
        var r = new long[count];
        for (long i = 0; i < count; i++)
            r[i] = start + i;
        return r;
    }
}
