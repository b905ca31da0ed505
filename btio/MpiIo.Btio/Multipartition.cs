namespace MpiIo.Btio;

/// <summary>One cell of a process's share of the grid: a box of points, 0-based start and size per axis.</summary>
public readonly record struct Cell(int X, int Y, int Z, int StartI, int StartJ, int StartK, int SizeI, int SizeJ, int SizeK)
{
    /// <summary>Grid points in the cell.</summary>
    public long Points => (long)SizeI * SizeJ * SizeK;
}

/// <summary>
/// BT's multipartition decomposition (NPB 3.x <c>make_set</c>): with P = q² processes the grid is cut into
/// q×q×q cells and process n owns q of them, one in every z-layer. Its first cell is at cell coordinates
/// (n mod q, n div q, 0); cell c+1 is at ((x+1) mod q, (y−1+q) mod q, z+1). Along each axis, cell
/// coordinate t covers G div q points, plus one for the first G mod q coordinates.
/// </summary>
/// <remarks>
/// Cell c of a process lies in z-layer c, so in the file's Fortran order (k slowest) every point of cell c
/// comes before any point of cell c+1: a process's points in cell order are in increasing file order, which
/// makes the struct of its cells' subarrays a valid filetype.
/// </remarks>
public sealed class Multipartition
{
    private Multipartition(int gridSize, int processes, int q, Cell[] cells)
    {
        GridSize = gridSize;
        Processes = processes;
        CellsPerAxis = q;
        Cells = cells;
        long points = 0;
        foreach (var c in cells) points += c.Points;
        Points = points;
    }

    /// <summary>G: points along each axis.</summary>
    public int GridSize { get; }

    /// <summary>P: processes.</summary>
    public int Processes { get; }

    /// <summary>q = √P: cells along each axis, and cells per process.</summary>
    public int CellsPerAxis { get; }

    /// <summary>This process's cells, in NPB's order (cell c in z-layer c).</summary>
    public IReadOnlyList<Cell> Cells { get; }

    /// <summary>Grid points this process owns (its element count per dump).</summary>
    public long Points { get; }

    /// <summary>√<paramref name="processes"/> when it is a whole number, else -1.</summary>
    public static int SquareRoot(int processes)
    {
        if (processes < 1) return -1;
        int q = (int)Math.Round(Math.Sqrt(processes));
        return q * q == processes ? q : -1;
    }

    /// <summary>The cells of process <paramref name="rank"/> of <paramref name="processes"/> on a G³ grid.</summary>
    /// <exception cref="ArgumentException">P is not a square, or √P exceeds G (some cells would be empty).</exception>
    public static Multipartition For(int gridSize, int processes, int rank)
    {
        int q = SquareRoot(processes);
        if (q < 0) throw new ArgumentException($"BT needs a square number of processes, got {processes}.", nameof(processes));
        if (q > gridSize) throw new ArgumentException($"{processes} processes cut a grid of {gridSize} points per axis into empty cells (at most {gridSize * gridSize} processes).", nameof(processes));
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, processes);
        var cells = new Cell[q];
        int x = rank % q, y = rank / q, z = 0;
        for (int c = 0; c < q; c++)
        {
            cells[c] = new Cell(x, y, z, Start(x, gridSize, q), Start(y, gridSize, q), Start(z, gridSize, q),
                                Size(x, gridSize, q), Size(y, gridSize, q), Size(z, gridSize, q));
            x = (x + 1) % q;
            y = (y - 1 + q) % q;
            z++;
        }
        return new Multipartition(gridSize, processes, q, cells);
    }

    /// <summary>Points covered by cell coordinate <paramref name="t"/> along an axis.</summary>
    public static int Size(int t, int gridSize, int q) => gridSize / q + (t < gridSize % q ? 1 : 0);

    /// <summary>The first point of cell coordinate <paramref name="t"/> along an axis.</summary>
    public static int Start(int t, int gridSize, int q) => t * (gridSize / q) + Math.Min(t, gridSize % q);

    /// <summary>The index of point (i, j, k) in a dump, Fortran order.</summary>
    public long PointIndex(int i, int j, int k) => i + (long)GridSize * (j + (long)GridSize * k);
}
