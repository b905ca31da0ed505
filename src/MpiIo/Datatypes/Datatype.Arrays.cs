using MpiIo.Mpi;

namespace MpiIo.Datatypes;

public sealed partial class Datatype
{
    /// <summary>The default distribution argument (<c>MPI_DISTRIBUTE_DFLT_DARG</c>).</summary>
    public const int DefaultDarg = -49767;

    /// <summary>
    /// A subarray of an n-dimensional array of <paramref name="oldType"/> (<c>MPI_Type_create_subarray</c>):
    /// lower bound 0 and the extent of the whole array, elements in <paramref name="order"/>.
    /// </summary>
    /// <exception cref="MpiException">
    /// <see cref="ErrorClass.Dims"/> for no dimensions; <see cref="ErrorClass.Arg"/> for mismatched arrays,
    /// sizes below 1, subsizes outside 1..sizes, starts outside 0..sizes−subsizes, or an unknown order.
    /// </exception>
    public static Datatype Subarray(int[] sizes, int[] subsizes, int[] starts, Order order, Datatype oldType)
    {
        CheckType(oldType, nameof(oldType));
        int ndims = CheckDims(sizes, nameof(sizes), subsizes, nameof(subsizes), starts, nameof(starts));
        CheckOrder(order);
        for (int i = 0; i < ndims; i++)
        {
            if (sizes[i] <= 0)
                throw new MpiException(ErrorClass.Arg, $"sizes[{i}] must be positive, got {sizes[i]}.");
            if (subsizes[i] <= 0 || subsizes[i] > sizes[i])
                throw new MpiException(ErrorClass.Arg, $"subsizes[{i}] must be in 1..{sizes[i]}, got {subsizes[i]}.");
            if (starts[i] < 0 || starts[i] > sizes[i] - subsizes[i])
                throw new MpiException(ErrorClass.Arg, $"starts[{i}] must be in 0..{sizes[i] - subsizes[i]}, got {starts[i]}.");
        }
        int[] sz = (int[])sizes.Clone(), sub = (int[])subsizes.Clone(), st = (int[])starts.Clone();
        return Guard(() =>
        {
            Datatype inner = oldType;
            long innerExtent = oldType.Extent;
            foreach (int d in FastestFirst(ndims, order))
            {
                Datatype run = Hvector(sub[d], 1, innerExtent, inner);
                inner = Place([run], [checked(st[d] * innerExtent)], checked(sz[d] * innerExtent));
                innerExtent = inner.Extent;
            }
            return Relabel(Combiner.Subarray, inner);
        });
    }

    /// <summary>
    /// This process's part of an n-dimensional array distributed over a row-major process grid
    /// (<c>MPI_Type_create_darray</c>): lower bound 0 and the extent of the whole array.
    /// </summary>
    /// <param name="size">Processes in the grid.</param>
    /// <param name="rank">This process's rank in the grid.</param>
    /// <param name="gsizes">Global array size per dimension.</param>
    /// <param name="distribs">Distribution per dimension.</param>
    /// <param name="dargs">Block size per dimension, or <see cref="DefaultDarg"/>.</param>
    /// <param name="psizes">Process-grid size per dimension.</param>
    /// <param name="order">Array storage order.</param>
    /// <param name="oldType">Element type.</param>
    /// <exception cref="MpiException">
    /// <see cref="ErrorClass.Rank"/> for a rank outside the grid; <see cref="ErrorClass.Dims"/> for no
    /// dimensions; <see cref="ErrorClass.Arg"/> for a nonpositive size, gsize, psize or darg, a psizes
    /// product other than <paramref name="size"/>, a non-distributed dimension with psize ≠ 1, or a
    /// block darg too small to cover its dimension.
    /// </exception>
    public static Datatype Darray(int size, int rank, int[] gsizes, Distribution[] distribs, int[] dargs, int[] psizes,
        Order order, Datatype oldType)
    {
        CheckType(oldType, nameof(oldType));
        if (size <= 0)
            throw new MpiException(ErrorClass.Arg, $"size must be positive, got {size}.");
        if (rank < 0 || rank >= size)
            throw new MpiException(ErrorClass.Rank, $"rank must be in 0..{size - 1}, got {rank}.");
        int ndims = CheckDims(gsizes, nameof(gsizes), dargs, nameof(dargs), psizes, nameof(psizes));
        if (distribs is null || distribs.Length != ndims)
            throw new MpiException(ErrorClass.Arg, "distribs must have one entry per dimension.");
        CheckOrder(order);
        long gridSize = 1;
        for (int i = 0; i < ndims; i++)
        {
            if (gsizes[i] <= 0)
                throw new MpiException(ErrorClass.Arg, $"gsizes[{i}] must be positive, got {gsizes[i]}.");
            if (psizes[i] <= 0)
                throw new MpiException(ErrorClass.Arg, $"psizes[{i}] must be positive, got {psizes[i]}.");
            gridSize *= psizes[i];
            if (gridSize > size)
                break;
            switch (distribs[i])
            {
                case Distribution.None:
                    if (psizes[i] != 1)
                        throw new MpiException(ErrorClass.Arg, $"psizes[{i}] must be 1 for a dimension that is not distributed.");
                    break;
                case Distribution.Block:
                case Distribution.Cyclic:
                    if (dargs[i] != DefaultDarg && dargs[i] <= 0)
                        throw new MpiException(ErrorClass.Arg, $"dargs[{i}] must be positive or DefaultDarg, got {dargs[i]}.");
                    if (distribs[i] == Distribution.Block && dargs[i] != DefaultDarg && (long)dargs[i] * psizes[i] < gsizes[i])
                        throw new MpiException(ErrorClass.Arg,
                            $"dargs[{i}] × psizes[{i}] = {(long)dargs[i] * psizes[i]} does not cover gsizes[{i}] = {gsizes[i]}.");
                    break;
                default:
                    throw new MpiException(ErrorClass.Arg, $"distribs[{i}] is not a distribution: {distribs[i]}.");
            }
        }
        if (gridSize != size)
            throw new MpiException(ErrorClass.Arg, $"The product of psizes must equal size {size}.");

        // The process grid is row-major whatever the array order.
        var coords = new int[ndims];
        for (int i = ndims - 1, r = rank; i >= 0; i--)
        {
            coords[i] = r % psizes[i];
            r /= psizes[i];
        }
        int[] g = (int[])gsizes.Clone(), p = (int[])psizes.Clone(), a = (int[])dargs.Clone();
        Distribution[] dist = (Distribution[])distribs.Clone();
        return Guard(() =>
        {
            Datatype inner = oldType;
            long innerExtent = oldType.Extent;
            foreach (int d in FastestFirst(ndims, order))
            {
                long dimExtent = checked(g[d] * innerExtent);
                inner = dist[d] == Distribution.Cyclic
                    ? CyclicDimension(g[d], p[d], a[d] == DefaultDarg ? 1 : a[d], coords[d], inner, innerExtent, dimExtent)
                    : BlockDimension(g[d], dist[d] == Distribution.None ? g[d] : a[d] == DefaultDarg ? (g[d] + (long)p[d] - 1) / p[d] : a[d],
                        coords[d], inner, innerExtent, dimExtent);
                innerExtent = dimExtent;
            }
            return Relabel(Combiner.Darray, inner);
        });
    }

    /// <summary>One block of <paramref name="block"/> elements per process.</summary>
    private static Datatype BlockDimension(int g, long block, int coord, Datatype inner, long innerExtent, long dimExtent)
    {
        long start = block * coord;
        int mine = (int)Math.Clamp(g - start, 0, block);
        Datatype run = Hvector(mine, 1, innerExtent, inner);
        return Place([run], [mine == 0 ? 0 : checked(start * innerExtent)], dimExtent);
    }

    /// <summary>Blocks of <paramref name="k"/> elements dealt round-robin; the last one may be short.</summary>
    private static Datatype CyclicDimension(int g, int p, int k, int coord, Datatype inner, long innerExtent, long dimExtent)
    {
        long first = (long)coord * k;
        long cycle = (long)p * k;
        // Full blocks: those ending at or before g.
        long full = first + k <= g ? (g - first - k) / cycle + 1 : 0;
        long nextStart = first + full * cycle;
        int rest = (int)Math.Clamp(g - nextStart, 0, k);
        Datatype fullBlocks = Hvector((int)full, k, checked(cycle * innerExtent), inner);
        Datatype last = Hvector(1, rest, 0, inner);
        return Place([fullBlocks, last], [checked(first * innerExtent), checked(nextStart * innerExtent)], dimExtent);
    }

    /// <summary>
    /// The non-empty <paramref name="parts"/> at their byte displacements, without struct padding,
    /// resized to lower bound 0 and <paramref name="extent"/>.
    /// </summary>
    private static Datatype Place(Datatype[] parts, long[] displacements, long extent)
    {
        var lengths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            lengths[i] = parts[i].Size == 0 ? 0 : 1;
        return Resized(Aggregate(Combiner.Hindexed, lengths, displacements, parts, pad: false), 0, extent);
    }

    private static int[] FastestFirst(int ndims, Order order)
    {
        var dims = new int[ndims];
        for (int i = 0; i < ndims; i++)
            dims[i] = order == Order.C ? ndims - 1 - i : i;
        return dims;
    }

    private static int CheckDims(int[]? a, string aName, int[]? b, string bName, int[]? c, string cName)
    {
        if (a is null || b is null || c is null)
            throw new MpiException(ErrorClass.Arg, $"{aName}, {bName} and {cName} must not be null.");
        if (a.Length == 0)
            throw new MpiException(ErrorClass.Dims, $"{aName} must have at least one dimension.");
        if (b.Length != a.Length || c.Length != a.Length)
            throw new MpiException(ErrorClass.Arg, $"{aName}, {bName} and {cName} must have the same length.");
        return a.Length;
    }

    private static void CheckOrder(Order order)
    {
        if (order != Order.C && order != Order.Fortran)
            throw new MpiException(ErrorClass.Arg, $"order must be C or Fortran, got {order}.");
    }
}
