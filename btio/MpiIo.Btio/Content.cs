namespace MpiIo.Btio;

/// <summary>What the dumps hold.</summary>
public enum ContentKind
{
    /// <summary>A deterministic pseudo-solution that changes every time step (the default).</summary>
    Solution,

    /// <summary>Each double is its own index in the file, so the whole file reads 0, 1, 2, …</summary>
    Index,
}

/// <summary>
/// The values of a process's points at a time step, in its local order: cell by cell, each cell in Fortran
/// order (i fastest), the five components of a point together. Writers and the verifier compute them with
/// the same code, so the comparison is bit-exact.
/// </summary>
public sealed class Content
{
    // NPB BT's exact-solution coefficients ce(m, 1..13) (set_constants.f): the pseudo-solution is that
    // polynomial in (ξ, η, ζ) plus a drift in time, so every dump differs from the one before.
    private static readonly double[,] Ce =
    {
        { 2.0, 0.0, 0.0, 4.0, 5.0, 3.0, 0.5, 0.02, 0.01, 0.03, 0.5, 0.4, 0.3 },
        { 1.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 0.01, 0.03, 0.02, 0.4, 0.3, 0.5 },
        { 2.0, 2.0, 0.0, 0.0, 0.0, 2.0, 3.0, 0.04, 0.03, 0.05, 0.3, 0.5, 0.4 },
        { 2.0, 2.0, 0.0, 0.0, 0.0, 2.0, 3.0, 0.03, 0.05, 0.04, 0.2, 0.1, 0.3 },
        { 5.0, 4.0, 3.0, 2.0, 0.1, 0.4, 0.3, 0.05, 0.04, 0.03, 0.1, 0.3, 0.2 },
    };

    private readonly ContentKind _kind;
    private readonly ProblemClass _class;
    private readonly Multipartition _part;
    // The polynomial's one-dimensional parts, [m * G + point], computed once.
    private readonly double[] _px, _py, _pz;

    /// <summary>The content <paramref name="kind"/> of process <paramref name="part"/>'s points.</summary>
    public Content(ContentKind kind, ProblemClass problem, Multipartition part)
    {
        _kind = kind;
        _class = problem;
        _part = part;
        int g = problem.GridSize;
        _px = new double[ProblemClass.Components * g];
        _py = new double[ProblemClass.Components * g];
        _pz = new double[ProblemClass.Components * g];
        for (int m = 0; m < ProblemClass.Components; m++)
            for (int p = 0; p < g; p++)
            {
                double t = g > 1 ? (double)p / (g - 1) : 0.0;
                _px[m * g + p] = t * (Ce[m, 1] + t * (Ce[m, 4] + t * (Ce[m, 7] + t * Ce[m, 10])));
                _py[m * g + p] = t * (Ce[m, 2] + t * (Ce[m, 5] + t * (Ce[m, 8] + t * Ce[m, 11])));
                _pz[m * g + p] = t * (Ce[m, 3] + t * (Ce[m, 6] + t * (Ce[m, 9] + t * Ce[m, 12])));
            }
    }

    /// <summary>The kind of content.</summary>
    public ContentKind Kind => _kind;

    /// <summary>The time step written by dump <paramref name="dump"/> (0-based): steps 5, 10, …</summary>
    public static int StepOf(int dump) => (dump + 1) * ProblemClass.DumpInterval;

    /// <summary>
    /// Fills the process's points in <paramref name="values"/>, laid out by <paramref name="layout"/>, with the values
    /// of dump <paramref name="dump"/>; doubles outside the points (ghost layers) are left alone.
    /// </summary>
    public void Fill(int dump, Span<double> values, MemoryLayout layout)
    {
        if (values.Length < layout.Doubles)
            throw new ArgumentException($"values holds {values.Length} doubles, the layout spans {layout.Doubles}.", nameof(values));
        int g = _class.GridSize;
        long dumpBase = dump * ProblemClass.Components * _class.PointsPerDump;
        double drift = StepOf(dump) * _class.Dt;
        for (int ci = 0; ci < _part.Cells.Count; ci++)
        {
            var c = _part.Cells[ci];
            int n = ProblemClass.Components * c.SizeI;
            for (int k = c.StartK; k < c.StartK + c.SizeK; k++)
                for (int j = c.StartJ; j < c.StartJ + c.SizeJ; j++)
                {
                    var row = values.Slice(checked((int)layout.RowStart(ci, j - c.StartJ, k - c.StartK)), n);
                    if (_kind == ContentKind.Index)
                    {
                        long first = dumpBase + ProblemClass.Components * _part.PointIndex(c.StartI, j, k);
                        for (int e = 0; e < n; e++) row[e] = first + e;
                        continue;
                    }
                    int at = 0;
                    for (int i = c.StartI; i < c.StartI + c.SizeI; i++)
                        for (int m = 0; m < ProblemClass.Components; m++)
                            row[at++] = Ce[m, 0] + _px[m * g + i] + _py[m * g + j] + _pz[m * g + k] + drift * (m + 1);
                }
        }
    }
}
