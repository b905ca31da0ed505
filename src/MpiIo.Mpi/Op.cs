using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>Predefined reduction operations (<c>MPI_Op</c>); the values are MPICH's handles.</summary>
public enum Op
{
    /// <summary><c>MPI_SUM</c>.</summary>
    Sum = MpiAbi.MPI_SUM,
    /// <summary><c>MPI_PROD</c>.</summary>
    Prod = MpiAbi.MPI_PROD,
    /// <summary><c>MPI_MAX</c>.</summary>
    Max = MpiAbi.MPI_MAX,
    /// <summary><c>MPI_MIN</c>.</summary>
    Min = MpiAbi.MPI_MIN,
    /// <summary><c>MPI_LAND</c>.</summary>
    LogicalAnd = MpiAbi.MPI_LAND,
    /// <summary><c>MPI_LOR</c>.</summary>
    LogicalOr = MpiAbi.MPI_LOR,
    /// <summary><c>MPI_LXOR</c>.</summary>
    LogicalXor = MpiAbi.MPI_LXOR,
    /// <summary><c>MPI_BAND</c>.</summary>
    BitwiseAnd = MpiAbi.MPI_BAND,
    /// <summary><c>MPI_BOR</c>.</summary>
    BitwiseOr = MpiAbi.MPI_BOR,
    /// <summary><c>MPI_BXOR</c>.</summary>
    BitwiseXor = MpiAbi.MPI_BXOR,
    /// <summary><c>MPI_REPLACE</c> (one-sided accumulate and fetch-and-op only).</summary>
    Replace = MpiAbi.MPI_REPLACE,
    /// <summary><c>MPI_NO_OP</c> (one-sided fetch-and-op only: an atomic read).</summary>
    NoOp = MpiAbi.MPI_NO_OP,
}
