namespace MpiIo.Datatypes;

/// <summary>How a datatype was made (<c>MPI_COMBINER_*</c>, as <c>MPI_Type_get_envelope</c> reports it).</summary>
public enum Combiner
{
    /// <summary>A predefined type (<c>MPI_COMBINER_NAMED</c>).</summary>
    Named,

    /// <summary><c>MPI_Type_dup</c>.</summary>
    Dup,

    /// <summary><c>MPI_Type_contiguous</c>.</summary>
    Contiguous,

    /// <summary><c>MPI_Type_vector</c>.</summary>
    Vector,

    /// <summary><c>MPI_Type_create_hvector</c>.</summary>
    Hvector,

    /// <summary><c>MPI_Type_indexed</c>.</summary>
    Indexed,

    /// <summary><c>MPI_Type_create_hindexed</c>.</summary>
    Hindexed,

    /// <summary><c>MPI_Type_create_indexed_block</c>.</summary>
    IndexedBlock,

    /// <summary><c>MPI_Type_create_hindexed_block</c>.</summary>
    HindexedBlock,

    /// <summary><c>MPI_Type_create_struct</c>.</summary>
    Struct,

    /// <summary><c>MPI_Type_create_subarray</c>.</summary>
    Subarray,

    /// <summary><c>MPI_Type_create_darray</c>.</summary>
    Darray,

    /// <summary><c>MPI_Type_create_resized</c>.</summary>
    Resized,
}
