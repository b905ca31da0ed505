namespace MpiIo.Native.Datatypes;

/// <summary>
/// What <c>MPI_Type_get_envelope_c</c> reports: the sizes of the contents arrays and the combiner;
/// <paramref name="LargeCounts"/> is nonzero for types built by the MPI-4 large-count constructors.
/// </summary>
internal readonly record struct TypeEnvelope(int Integers, int Addresses, int Datatypes, int Combiner, int LargeCounts = 0);

/// <summary>A datatype's size and bounds as the MPI library computes them (<c>MPI_Type_size_x</c>, <c>MPI_Type_get_extent_x</c>).</summary>
internal readonly record struct TypeBounds(long Size, long Lb, long Extent);

/// <summary>
/// Where <see cref="TypeDecoder"/> reads application datatypes from: MPICH's introspection calls in the
/// library, an in-process fake in the tests.
/// </summary>
internal interface ITypeSource
{
    /// <summary><c>MPI_Type_get_envelope_c</c>.</summary>
    TypeEnvelope Envelope(int handle);

    /// <summary><c>MPI_Type_get_contents</c> into arrays sized by <see cref="Envelope"/>.</summary>
    void Contents(int handle, int[] integers, long[] addresses, int[] datatypes);

    /// <summary>Releases the derived handles <see cref="Contents"/> returned (MPI makes the caller free them).</summary>
    void Release(int handle);

    /// <summary>The type's size and bounds, to check the decoded model against.</summary>
    TypeBounds Bounds(int handle);
}
