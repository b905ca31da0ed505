using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>Lock types of <c>MPI_Win_lock</c>.</summary>
public enum LockType
{
    /// <summary><c>MPI_LOCK_EXCLUSIVE</c>.</summary>
    Exclusive = MpiAbi.MPI_LOCK_EXCLUSIVE,
    /// <summary><c>MPI_LOCK_SHARED</c>.</summary>
    Shared = MpiAbi.MPI_LOCK_SHARED,
}
