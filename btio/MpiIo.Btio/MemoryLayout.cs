using MpiIo.Datatypes;

namespace MpiIo.Btio;

/// <summary>
/// Where a process keeps its points in memory. <see cref="Packed"/>: cell after cell, each in Fortran order,
/// nothing in between. <see cref="Ghost"/>: NPB BT's <c>u(5, -2:IMAX+1, -2:JMAX+1, -2:KMAX+1, ncells)</c>, each
/// cell padded by two ghost layers on every side (IMAX the largest cell edge), so the points are noncontiguous
/// in memory as in BT-IO and the <c>full</c> subtype's memory type is NPB's struct of 4-D subarrays.
/// </summary>
public sealed class MemoryLayout
{
    private const int GhostWidth = 2;
    private readonly Multipartition _part;
    private readonly long[] _cellStart; // packed: the first double of each cell
    private readonly int _edge;         // ghost: IMAX + 4

    private MemoryLayout(Multipartition part, bool packed)
    {
        _part = part;
        IsPacked = packed;
        _cellStart = new long[part.Cells.Count];
        long at = 0;
        int max = 0;
        for (int c = 0; c < part.Cells.Count; c++)
        {
            _cellStart[c] = at;
            var cell = part.Cells[c];
            at += ProblemClass.Components * cell.Points;
            max = Math.Max(max, Math.Max(cell.SizeI, Math.Max(cell.SizeJ, cell.SizeK)));
        }
        _edge = max + 2 * GhostWidth;
        Doubles = packed ? at : ProblemClass.Components * (long)_edge * _edge * _edge * part.Cells.Count;
    }

    /// <summary>The points packed cell after cell.</summary>
    public static MemoryLayout Packed(Multipartition part) => new(part, packed: true);

    /// <summary>NPB's array with ghost layers.</summary>
    public static MemoryLayout Ghost(Multipartition part) => new(part, packed: false);

    /// <summary>Whether the points are packed (contiguous).</summary>
    public bool IsPacked { get; }

    /// <summary>Doubles of memory the layout spans.</summary>
    public long Doubles { get; }

    /// <summary>The first double of the i-line (j, k) of cell <paramref name="cell"/> (j, k counted from the cell's corner).</summary>
    public long RowStart(int cell, int j, int k)
    {
        if (IsPacked)
        {
            var c = _part.Cells[cell];
            return _cellStart[cell] + ProblemClass.Components * (long)c.SizeI * (j + (long)c.SizeJ * k);
        }
        long e = _edge;
        return ProblemClass.Components * (GhostWidth + e * (j + GhostWidth + e * (k + GhostWidth + e * cell)));
    }

    /// <summary>
    /// The memory type of one dump and its count: the element × the process's points when packed; else one copy of
    /// <c>MPI_Type_create_struct</c> of each cell's Fortran-order subarray of the 4-D array (NPB's <c>combined_btype</c>).
    /// </summary>
    public (Datatype Type, long Count) MemoryType(Datatype element)
    {
        if (IsPacked) return (element, _part.Points);
        int n = _part.Cells.Count;
        var type = CellStruct.Of(n, c =>
        {
            var cell = _part.Cells[c];
            return Datatype.Subarray([_edge, _edge, _edge, n], [cell.SizeI, cell.SizeJ, cell.SizeK, 1], [GhostWidth, GhostWidth, GhostWidth, c], Order.Fortran, element);
        });
        return (type, 1);
    }
}
