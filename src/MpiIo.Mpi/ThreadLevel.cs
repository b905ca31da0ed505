using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>The thread support levels of <c>MPI_Init_thread</c>.</summary>
public enum ThreadLevel
{
    /// <summary><c>MPI_THREAD_SINGLE</c>.</summary>
    Single = MpiAbi.MPI_THREAD_SINGLE,
    /// <summary><c>MPI_THREAD_FUNNELED</c>.</summary>
    Funneled = MpiAbi.MPI_THREAD_FUNNELED,
    /// <summary><c>MPI_THREAD_SERIALIZED</c>.</summary>
    Serialized = MpiAbi.MPI_THREAD_SERIALIZED,
    /// <summary><c>MPI_THREAD_MULTIPLE</c>.</summary>
    Multiple = MpiAbi.MPI_THREAD_MULTIPLE,
}
