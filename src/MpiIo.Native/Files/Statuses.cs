using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Interop;

namespace MpiIo.Native.Files;

/// <summary>
/// Fills an application's <c>MPI_Status</c> through MPICH (<c>MPI_Status_set_elements_x</c> with bytes), so
/// <c>MPI_Get_count</c> and <c>MPI_Get_elements</c> answer for any datatype.
/// </summary>
internal static unsafe class Statuses
{
    /// <summary><c>MPI_STATUS_IGNORE</c> (and <c>MPI_STATUSES_IGNORE</c>) in MPICH.</summary>
    public static MpiStatusRaw* Ignore => (MpiStatusRaw*)1;

    /// <summary>Records <paramref name="bytes"/> moved, unless the status is ignored.</summary>
    public static void Set(MpiStatusRaw* status, long bytes)
    {
        if (status == null || status == Ignore) return;
        MpiError.Check(Mpich.MPI_Status_set_elements_x(status, MpiAbi.MPI_BYTE, bytes));
        MpiError.Check(Mpich.MPI_Status_set_cancelled(status, 0));
    }
}
