using MpiIo.Mpi;

namespace MpiIo.Datatypes;

public sealed partial class Datatype
{
    /// <summary>
    /// <c>count</c> copies of <paramref name="oldType"/> tiled at its extent (<c>MPI_Type_contiguous</c>).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Count"/> for a negative count; <see cref="ErrorClass.Type"/> for a null type.</exception>
    public static Datatype Contiguous(int count, Datatype oldType)
    {
        CheckCount(count, nameof(count));
        CheckType(oldType, nameof(oldType));
        return Guard(() =>
        {
            if (count == 0)
                return ZeroLength(Combiner.Contiguous, oldType);
            (long lb, long ub) = BlockBounds(count, 0, oldType);
            return Derived(Combiner.Contiguous, checked(count * oldType.Size), lb, ub, oldType, oldType.AlignSize,
                oldType.External32Native, b => FlatNode.Repeat(count, oldType.Extent, oldType.Flat(b)));
        });
    }

    /// <summary>
    /// <paramref name="count"/> blocks of <paramref name="blocklength"/> copies of <paramref name="oldType"/>,
    /// block starts <paramref name="stride"/> extents apart (<c>MPI_Type_vector</c>).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Count"/> for a negative count; <see cref="ErrorClass.Arg"/> for a negative blocklength.</exception>
    public static Datatype Vector(int count, int blocklength, int stride, Datatype oldType)
    {
        CheckType(oldType, nameof(oldType));
        return MakeHvector(Combiner.Vector, count, blocklength, Guard(() => checked(stride * oldType.Extent)), oldType);
    }

    /// <summary>
    /// Like <see cref="Vector"/> with the stride in bytes (<c>MPI_Type_create_hvector</c>).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Count"/> for a negative count; <see cref="ErrorClass.Arg"/> for a negative blocklength.</exception>
    public static Datatype Hvector(int count, int blocklength, long strideBytes, Datatype oldType) =>
        MakeHvector(Combiner.Hvector, count, blocklength, strideBytes, oldType);

    private static Datatype MakeHvector(Combiner combiner, long count, long blocklength, long strideBytes, Datatype oldType)
    {
        CheckCount(count, nameof(count));
        CheckBlocklength(blocklength, nameof(blocklength));
        CheckType(oldType, nameof(oldType));
        return Guard(() =>
        {
            if (count == 0)
                return ZeroLength(combiner, oldType);
            (long lb, long ub) = VectorBounds(count, blocklength, strideBytes, 0, oldType);
            return Derived(combiner, checked(count * blocklength * oldType.Size), lb, ub, oldType, oldType.AlignSize,
                oldType.External32Native,
                b => FlatNode.Repeat(count, strideBytes, FlatNode.Repeat(blocklength, oldType.Extent, oldType.Flat(b))));
        });
    }

    /// <summary>
    /// Blocks of copies of <paramref name="oldType"/> at displacements counted in its extent
    /// (<c>MPI_Type_indexed</c>).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for mismatched arrays or a negative blocklength.</exception>
    public static Datatype Indexed(int[] blocklengths, int[] displacements, Datatype oldType)
    {
        CheckType(oldType, nameof(oldType));
        CheckArrays(blocklengths, displacements, nameof(displacements));
        long[] bytes = Guard(() => ScaleDisplacements(displacements, oldType.Extent));
        return MakeHindexed(Combiner.Indexed, blocklengths, bytes, oldType);
    }

    /// <summary>
    /// Blocks of copies of <paramref name="oldType"/> at byte displacements (<c>MPI_Type_create_hindexed</c>).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for mismatched arrays or a negative blocklength.</exception>
    public static Datatype Hindexed(int[] blocklengths, long[] byteDisplacements, Datatype oldType)
    {
        CheckType(oldType, nameof(oldType));
        CheckArrays(blocklengths, byteDisplacements, nameof(byteDisplacements));
        return MakeHindexed(Combiner.Hindexed, blocklengths, (long[])byteDisplacements.Clone(), oldType);
    }

    private static Datatype MakeHindexed(Combiner combiner, int[] blocklengths, long[] displacements, Datatype oldType)
    {
        foreach (int b in blocklengths)
            CheckBlocklength(b, nameof(blocklengths));
        int[] lengths = (int[])blocklengths.Clone();
        var types = new Datatype[lengths.Length];
        Array.Fill(types, oldType);
        return Guard(() => Aggregate(combiner, lengths, displacements, types, pad: false));
    }

    /// <summary>
    /// Equal blocks of copies of <paramref name="oldType"/> at displacements counted in its extent
    /// (<c>MPI_Type_create_indexed_block</c>).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a negative blocklength or null array.</exception>
    public static Datatype IndexedBlock(int blocklength, int[] displacements, Datatype oldType)
    {
        CheckType(oldType, nameof(oldType));
        if (displacements is null)
            throw new MpiException(ErrorClass.Arg, "displacements must not be null.");
        long[] bytes = Guard(() => ScaleDisplacements(displacements, oldType.Extent));
        return MakeHindexedBlock(Combiner.IndexedBlock, blocklength, bytes, oldType);
    }

    /// <summary>
    /// Equal blocks of copies of <paramref name="oldType"/> at byte displacements
    /// (<c>MPI_Type_create_hindexed_block</c>).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a negative blocklength or null array.</exception>
    public static Datatype HindexedBlock(int blocklength, long[] byteDisplacements, Datatype oldType)
    {
        CheckType(oldType, nameof(oldType));
        if (byteDisplacements is null)
            throw new MpiException(ErrorClass.Arg, "byteDisplacements must not be null.");
        return MakeHindexedBlock(Combiner.HindexedBlock, blocklength, (long[])byteDisplacements.Clone(), oldType);
    }

    private static Datatype MakeHindexedBlock(Combiner combiner, int blocklength, long[] displacements, Datatype oldType)
    {
        CheckBlocklength(blocklength, nameof(blocklength));
        return Guard(() =>
        {
            if (displacements.Length == 0)
                return ZeroLength(combiner, oldType);
            // MPICH bounds every block like a one-block vector, zero-length blocks included.
            long lb = long.MaxValue, ub = long.MinValue;
            foreach (long d in displacements)
            {
                (long l, long u) = VectorBounds(1, blocklength, 0, d, oldType);
                lb = Math.Min(lb, l);
                ub = Math.Max(ub, u);
            }
            return Derived(combiner, checked(displacements.LongLength * blocklength * oldType.Size), lb, ub, oldType,
                oldType.AlignSize, oldType.External32Native, b =>
                {
                    FlatNode? block = FlatNode.Repeat(blocklength, oldType.Extent, oldType.Flat(b));
                    var parts = new List<FlatNode?>(displacements.Length);
                    foreach (long d in displacements)
                        parts.Add(block?.Shift(d));
                    return FlatNode.Sequence(parts, b);
                });
        });
    }

    /// <summary>
    /// Blocks of different types at byte displacements (<c>MPI_Type_create_struct</c>). As in MPICH, when
    /// the blocks (zero-length ones ignored) are not all of one type, the extent is rounded up to the
    /// largest alignment of the member types.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for mismatched arrays or a negative blocklength; <see cref="ErrorClass.Type"/> for a null type.</exception>
    public static Datatype Struct(int[] blocklengths, long[] displacements, Datatype[] types)
    {
        CheckArrays(blocklengths, displacements, nameof(displacements));
        if (types is null || types.Length != blocklengths.Length)
            throw new MpiException(ErrorClass.Arg, "types must have one entry per block.");
        for (int i = 0; i < types.Length; i++)
        {
            CheckBlocklength(blocklengths[i], nameof(blocklengths));
            CheckType(types[i], $"types[{i}]");
        }
        int[] lengths = (int[])blocklengths.Clone();
        long[] disps = (long[])displacements.Clone();
        Datatype[] members = (Datatype[])types.Clone();
        return Guard(() => Aggregate(Combiner.Struct, lengths, disps, members, pad: true));
    }

    /// <summary>
    /// The same typemap with new bounds (<c>MPI_Type_create_resized</c>): lower bound <paramref name="lb"/>,
    /// extent <paramref name="extent"/>. Types built from it take these bounds, not the data's.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Type"/> for a null type; <see cref="ErrorClass.Arg"/> when lb + extent overflows.</exception>
    public static Datatype Resized(Datatype oldType, long lb, long extent)
    {
        CheckType(oldType, nameof(oldType));
        return Guard(() => new Datatype(Combiner.Resized, null, oldType.Size, lb, checked(lb + extent),
            oldType.TrueLb, oldType.TrueUb, oldType.AlignSize, oldType.External32Native, oldType.Flat));
    }

    /// <summary>A copy of <paramref name="oldType"/> (<c>MPI_Type_dup</c>).</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Type"/> for a null type.</exception>
    public static Datatype Dup(Datatype oldType)
    {
        CheckType(oldType, nameof(oldType));
        return Relabel(Combiner.Dup, oldType);
    }

    private static Datatype Relabel(Combiner combiner, Datatype t) =>
        new(combiner, null, t.Size, t.Lb, t.Ub, t.TrueLb, t.TrueUb, t.AlignSize, t.External32Native, t.Flat);

    /// <summary>
    /// Blocks of <paramref name="lengths"/>[i] copies of <paramref name="types"/>[i] at byte
    /// <paramref name="displacements"/>[i]; zero-length blocks take no part in the bounds (MPICH).
    /// </summary>
    private static Datatype Aggregate(Combiner combiner, int[] lengths, long[] displacements, Datatype[] types, bool pad)
    {
        long size = 0, lb = 0, ub = 0, trueLb = 0, trueUb = 0;
        int align = 1;
        bool ext32 = true, any = false, mixed = false;
        Datatype? first = null;
        for (int i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] == 0)
                continue;
            Datatype t = types[i];
            (long l, long u) = BlockBounds(lengths[i], displacements[i], t);
            long tl = checked(l + (t.TrueLb - t.Lb)), tu = checked(u + (t.TrueUb - t.Ub));
            if (!any)
            {
                (lb, ub, trueLb, trueUb) = (l, u, tl, tu);
                first = t;
            }
            else
            {
                mixed |= !ReferenceEquals(t, first);
                (lb, ub) = (Math.Min(lb, l), Math.Max(ub, u));
                (trueLb, trueUb) = (Math.Min(trueLb, tl), Math.Max(trueUb, tu));
            }
            any = true;
            size = checked(size + lengths[i] * t.Size);
            align = Math.Max(align, t.AlignSize);
            ext32 &= t.External32Native;
        }
        if (!any)
            return new Datatype(combiner, null, 0, 0, 0, 0, 0, MaxAlign(types), AllExt32(types), _ => null);
        if (pad && mixed)
        {
            long epsilon = (ub - lb) % align;
            if (epsilon != 0)
                ub = checked(ub + align - epsilon);
        }
        return new Datatype(combiner, null, size, lb, ub, trueLb, trueUb, align, ext32, b =>
        {
            var parts = new List<FlatNode?>(lengths.Length);
            for (int i = 0; i < lengths.Length; i++)
                parts.Add(FlatNode.Repeat(lengths[i], types[i].Extent, types[i].Flat(b))?.Shift(displacements[i]));
            return FlatNode.Sequence(parts, b);
        });
    }

    private static int MaxAlign(Datatype[] types)
    {
        int align = 1;
        foreach (Datatype t in types)
            align = Math.Max(align, t.AlignSize);
        return align;
    }

    private static bool AllExt32(Datatype[] types)
    {
        foreach (Datatype t in types)
        {
            if (!t.External32Native)
                return false;
        }
        return true;
    }

    /// <summary>A derived type whose true bounds follow from its bounds the way MPICH derives them.</summary>
    private static Datatype Derived(Combiner combiner, long size, long lb, long ub, Datatype oldType, int align,
        bool ext32, Func<bool, FlatNode?> flatten) =>
        new(combiner, null, size, lb, ub, checked(lb + (oldType.TrueLb - oldType.Lb)),
            checked(ub + (oldType.TrueUb - oldType.Ub)), align, ext32, flatten);

    /// <summary>MPICH's zero-length type: every bound 0.</summary>
    private static Datatype ZeroLength(Combiner combiner, Datatype oldType) =>
        new(combiner, null, 0, 0, 0, 0, 0, oldType.AlignSize, oldType.External32Native, _ => null);

    /// <summary>Bounds of <paramref name="count"/> tiled copies at <paramref name="disp"/> (MPICH's MPII_DATATYPE_BLOCK_LB_UB).</summary>
    private static (long Lb, long Ub) BlockBounds(long count, long disp, Datatype t)
    {
        long span = checked((count - 1) * t.Extent);
        return t.Ub >= t.Lb
            ? (checked(disp + t.Lb), checked(disp + t.Ub + span))
            : (checked(disp + t.Lb + span), checked(disp + t.Ub));
    }

    /// <summary>
    /// Bounds of a vector of <paramref name="count"/> blocks of <paramref name="blocklength"/> copies, block
    /// starts <paramref name="stride"/> bytes apart, moved by <paramref name="disp"/> (MPICH's
    /// MPII_DATATYPE_VECTOR_LB_UB, which it applies to zero-length blocks too).
    /// </summary>
    private static (long Lb, long Ub) VectorBounds(long count, long blocklength, long stride, long disp, Datatype t)
    {
        long inner = checked(t.Extent * (blocklength - 1));
        long outer = checked(stride * (count - 1));
        long lb = t.Lb, ub = t.Ub;
        if (t.Extent >= 0)
            ub = checked(ub + inner);
        else
            lb = checked(lb + inner);
        if (stride >= 0)
            ub = checked(ub + outer);
        else
            lb = checked(lb + outer);
        return (checked(lb + disp), checked(ub + disp));
    }

    private static long[] ScaleDisplacements(int[] displacements, long extent)
    {
        var bytes = new long[displacements.Length];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = checked(displacements[i] * extent);
        return bytes;
    }

    private static void CheckCount(long count, string name)
    {
        if (count < 0)
            throw new MpiException(ErrorClass.Count, $"{name} must be nonnegative, got {count}.");
    }

    private static void CheckBlocklength(long blocklength, string name)
    {
        if (blocklength < 0)
            throw new MpiException(ErrorClass.Arg, $"{name} must be nonnegative, got {blocklength}.");
    }

    private static void CheckType(Datatype? type, string name)
    {
        if (type is null)
            throw new MpiException(ErrorClass.Type, $"{name} must not be null.");
    }

    private static void CheckArrays<T>(int[]? blocklengths, T[]? displacements, string name)
    {
        if (blocklengths is null || displacements is null)
            throw new MpiException(ErrorClass.Arg, $"blocklengths and {name} must not be null.");
        if (blocklengths.Length != displacements.Length)
            throw new MpiException(ErrorClass.Arg,
                $"blocklengths ({blocklengths.Length}) and {name} ({displacements.Length}) must have the same length.");
    }

    /// <summary>Runs a construction, turning arithmetic overflow into MPI's argument error.</summary>
    private static T Guard<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (OverflowException e)
        {
            throw new MpiException(ErrorClass.Arg, "The datatype's size or bounds overflow a 64-bit byte count.", e);
        }
    }
}
