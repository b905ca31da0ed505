using MpiIo.Datatypes;

namespace MpiIo.Btio;

/// <summary>
/// NPB's way of joining per-cell types: <c>MPI_Type_create_struct</c> of one type per cell, block length 1,
/// every displacement 0 (each cell's subarray carries its own position), committed.
/// </summary>
internal static class CellStruct
{
    /// <summary>The committed struct of <paramref name="cellType"/>(c) for cells c = 0 … <paramref name="cells"/>−1.</summary>
    public static Datatype Of(int cells, Func<int, Datatype> cellType)
    {
        var types = new Datatype[cells];
        var lengths = new int[cells];
        var disps = new long[cells];
        for (int c = 0; c < cells; c++)
        {
            types[c] = cellType(c);
            lengths[c] = 1;
        }
        return Datatype.Struct(lengths, disps, types).Commit();
    }
}
