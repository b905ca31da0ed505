using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Interop;

namespace MpiIo.Native.Datatypes;

/// <summary><see cref="ITypeSource"/> over MPICH's datatype introspection calls.</summary>
internal sealed unsafe class MpichTypeSource : ITypeSource
{
    public TypeEnvelope Envelope(int handle)
    {
        // The large-count form, so types whose contents only MPI_Type_get_contents_c can give are recognised
        // (MPI_Type_get_contents would fail on them through MPI_COMM_WORLD's error handler).
        long ni, na, nl, nd;
        int combiner;
        MpiError.Check(Mpich.MPI_Type_get_envelope_c(handle, &ni, &na, &nl, &nd, &combiner));
        return new TypeEnvelope(checked((int)ni), checked((int)na), checked((int)nd), combiner, checked((int)nl));
    }

    public void Contents(int handle, int[] integers, long[] addresses, int[] datatypes)
    {
        fixed (int* i = integers)
        fixed (long* a = addresses)
        fixed (int* d = datatypes)
            MpiError.Check(Mpich.MPI_Type_get_contents(handle, integers.Length, addresses.Length, datatypes.Length, i, (nint*)a, d));
    }

    public void Release(int handle)
    {
        if (TypeCache.IsPermanent(Envelope(handle).Combiner)) return;
        MpiError.Check(MpiNative.MPI_Type_free(&handle));
    }

    public TypeBounds Bounds(int handle)
    {
        long size, lb, extent;
        MpiError.Check(Mpich.MPI_Type_size_x(handle, &size));
        MpiError.Check(Mpich.MPI_Type_get_extent_x(handle, &lb, &extent));
        return new TypeBounds(size, lb, extent);
    }
}
