using MpiIo.Datatypes;
using MpiIo.Mpi;
using C = MpiIo.Native.Interop.MpichConstants;

namespace MpiIo.Native.Datatypes;

/// <summary>
/// Rebuilds an application's MPICH datatype in MpiIo's model from its envelope and contents, combiner by
/// combiner, and checks the result against MPICH's own size and bounds: a type MpiIo would lay out
/// differently is refused (MPI_ERR_TYPE) rather than read or written wrongly.
/// </summary>
internal sealed class TypeDecoder
{
    private readonly ITypeSource _source;
    private readonly Func<int, Datatype> _inner;

    /// <param name="source">Where envelopes and contents come from.</param>
    /// <param name="inner">Resolves the handles a type is built from (normally a cache that calls back into <see cref="Decode"/>).</param>
    public TypeDecoder(ITypeSource source, Func<int, Datatype> inner)
    {
        _source = source;
        _inner = inner;
    }

    /// <summary>The MpiIo datatype, committed, equivalent to MPICH's <paramref name="handle"/>.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Type"/> when the type cannot be represented exactly.</exception>
    public Datatype Decode(int handle)
    {
        var env = _source.Envelope(handle);
        if (env.LargeCounts > 0)
            throw new MpiException(ErrorClass.Type,
                $"Datatype 0x{handle:x8} was built by a large-count constructor (MPI_Type_*_c), which the C interface cannot decode.");
        switch (env.Combiner)
        {
            case C.CombinerNamed:
                return PredefinedTypes.Named(handle, _source.Bounds(handle).Size);
            case C.CombinerF90Real:
            case C.CombinerF90Integer:
                return PredefinedTypes.OfSize(_source.Bounds(handle).Size);
            case C.CombinerF90Complex:
                return Datatype.Contiguous(2, PredefinedTypes.OfSize(_source.Bounds(handle).Size / 2)).Commit();
        }
        var ints = new int[env.Integers];
        var addrs = new long[env.Addresses];
        var handles = new int[env.Datatypes];
        _source.Contents(handle, ints, addrs, handles);
        Datatype built;
        try
        {
            var types = new Datatype[handles.Length];
            for (int i = 0; i < handles.Length; i++) types[i] = _inner(handles[i]);
            built = Build(env.Combiner, ints, addrs, types);
        }
        finally
        {
            foreach (int h in handles) _source.Release(h);
        }
        built.Commit();
        var mpich = _source.Bounds(handle);
        if (mpich.Size != built.Size || mpich.Lb != built.Lb || mpich.Extent != built.Extent)
            throw new MpiException(ErrorClass.Type,
                $"Datatype 0x{handle:x8} (combiner {env.Combiner}): MPICH has size {mpich.Size}, lb {mpich.Lb}, extent {mpich.Extent}; " +
                $"MpiIo's model has {built.Size}, {built.Lb}, {built.Extent}.");
        return built;
    }

    private static Datatype Build(int combiner, int[] i, long[] a, Datatype[] t)
    {
        switch (combiner)
        {
            case C.CombinerDup:
                return Datatype.Dup(t[0]);
            case C.CombinerContiguous:
                return Datatype.Contiguous(i[0], t[0]);
            case C.CombinerVector:
                return Datatype.Vector(i[0], i[1], i[2], t[0]);
            case C.CombinerHvector:
            case C.CombinerHvectorInteger:
                // The _INTEGER forms (Fortran's MPI-1 calls) keep the stride among the integers.
                return Datatype.Hvector(i[0], i[1], a.Length > 0 ? a[0] : i[2], t[0]);
            case C.CombinerIndexed:
            {
                int n = i[0];
                return Datatype.Indexed(i[1..(1 + n)], i[(1 + n)..(1 + 2 * n)], t[0]);
            }
            case C.CombinerHindexed:
            case C.CombinerHindexedInteger:
            {
                int n = i[0];
                return Datatype.Hindexed(i[1..(1 + n)], Displacements(i, a, 1 + n, n), t[0]);
            }
            case C.CombinerIndexedBlock:
            {
                int n = i[0];
                return Datatype.IndexedBlock(i[1], i[2..(2 + n)], t[0]);
            }
            case C.CombinerHindexedBlock:
            {
                int n = i[0];
                return Datatype.HindexedBlock(i[1], a[..n], t[0]);
            }
            case C.CombinerStruct:
            case C.CombinerStructInteger:
            {
                int n = i[0];
                return Datatype.Struct(i[1..(1 + n)], Displacements(i, a, 1 + n, n), t);
            }
            case C.CombinerSubarray:
            {
                int n = i[0];
                return Datatype.Subarray(i[1..(1 + n)], i[(1 + n)..(1 + 2 * n)], i[(1 + 2 * n)..(1 + 3 * n)], OrderOf(i[1 + 3 * n]), t[0]);
            }
            case C.CombinerDarray:
            {
                int n = i[2];
                var distribs = new Distribution[n];
                for (int d = 0; d < n; d++) distribs[d] = DistributionOf(i[3 + n + d]);
                return Datatype.Darray(i[0], i[1], i[3..(3 + n)], distribs, i[(3 + 2 * n)..(3 + 3 * n)], i[(3 + 3 * n)..(3 + 4 * n)],
                    OrderOf(i[3 + 4 * n]), t[0]);
            }
            case C.CombinerResized:
                return Datatype.Resized(t[0], a[0], a[1]);
            default:
                throw new MpiException(ErrorClass.Type, $"Datatype combiner {combiner} is not one MPI defines.");
        }
    }

    // Byte displacements: addresses, or integers after `from` for the Fortran _INTEGER combiners.
    private static long[] Displacements(int[] i, long[] a, int from, int n)
    {
        if (a.Length >= n) return a[..n];
        var d = new long[n];
        for (int k = 0; k < n; k++) d[k] = i[from + k];
        return d;
    }

    private static Order OrderOf(int order) => order switch
    {
        Mpi.Native.MpiAbi.MPI_ORDER_C => Order.C,
        Mpi.Native.MpiAbi.MPI_ORDER_FORTRAN => Order.Fortran,
        _ => throw new MpiException(ErrorClass.Arg, $"Array order {order} is neither MPI_ORDER_C nor MPI_ORDER_FORTRAN."),
    };

    private static Distribution DistributionOf(int distrib) => distrib switch
    {
        Mpi.Native.MpiAbi.MPI_DISTRIBUTE_BLOCK => Distribution.Block,
        Mpi.Native.MpiAbi.MPI_DISTRIBUTE_CYCLIC => Distribution.Cyclic,
        Mpi.Native.MpiAbi.MPI_DISTRIBUTE_NONE => Distribution.None,
        _ => throw new MpiException(ErrorClass.Arg, $"Distribution {distrib} is not an MPI_DISTRIBUTE_* value."),
    };
}
