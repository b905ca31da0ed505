using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>The result of <c>MPI_Comm_compare</c> and <c>MPI_Group_compare</c>.</summary>
public enum Comparison
{
    /// <summary><c>MPI_IDENT</c>: the same object.</summary>
    Identical = MpiAbi.MPI_IDENT,
    /// <summary><c>MPI_CONGRUENT</c>: same members in the same order, different context.</summary>
    Congruent = MpiAbi.MPI_CONGRUENT,
    /// <summary><c>MPI_SIMILAR</c>: same members, different order.</summary>
    Similar = MpiAbi.MPI_SIMILAR,
    /// <summary><c>MPI_UNEQUAL</c>.</summary>
    Unequal = MpiAbi.MPI_UNEQUAL,
}
