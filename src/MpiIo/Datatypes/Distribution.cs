namespace MpiIo.Datatypes;

/// <summary>How one dimension of a darray is spread over the process grid (<c>MPI_DISTRIBUTE_*</c>).</summary>
public enum Distribution
{
    /// <summary>Contiguous blocks, one per process (<c>MPI_DISTRIBUTE_BLOCK</c>).</summary>
    Block,

    /// <summary>Blocks of <c>darg</c> elements dealt round-robin (<c>MPI_DISTRIBUTE_CYCLIC</c>).</summary>
    Cyclic,

    /// <summary>Not distributed: the process-grid size of the dimension must be 1 (<c>MPI_DISTRIBUTE_NONE</c>).</summary>
    None,
}
