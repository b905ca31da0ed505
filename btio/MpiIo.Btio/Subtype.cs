namespace MpiIo.Btio;

/// <summary>BT-IO's I/O subtypes (NPB's <c>SUBTYPE</c>).</summary>
public enum Subtype
{
    /// <summary>Collective MPI-IO: the file view is the struct of the process's cells, one collective write per dump.</summary>
    Full,

    /// <summary>Independent MPI-IO: one <c>MPI_File_write_at</c> per contiguous run of points (an i-line of a cell).</summary>
    Simple,

    /// <summary>Each process writes its own file, its points in local order.</summary>
    Epio,
}

/// <summary>Names of the subtypes on the command line and in file names.</summary>
public static class Subtypes
{
    /// <summary>The subtype named <paramref name="name"/>, or null.</summary>
    public static Subtype? Parse(string name) => name.ToLowerInvariant() switch
    {
        "full" => Subtype.Full,
        "simple" => Subtype.Simple,
        "epio" => Subtype.Epio,
        _ => null,
    };

    /// <summary>The command-line name of <paramref name="subtype"/>.</summary>
    public static string Name(Subtype subtype) => subtype switch
    {
        Subtype.Full => "full",
        Subtype.Simple => "simple",
        Subtype.Epio => "epio",
        _ => throw new ArgumentOutOfRangeException(nameof(subtype)),
    };
}
