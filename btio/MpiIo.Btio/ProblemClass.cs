namespace MpiIo.Btio;

/// <summary>
/// An NPB problem class of BT: the grid edge G (the grid is G³ points), the time steps and the time step
/// length <c>dt</c> of NPB 3.x's <c>npbparams.h</c>. A dump is written every <see cref="DumpInterval"/> steps.
/// </summary>
public sealed record ProblemClass(char Name, int GridSize, int Steps, double Dt)
{
    /// <summary>Steps between two dumps (NPB's <c>wr_interval</c>).</summary>
    public const int DumpInterval = 5;

    /// <summary>Values per grid point: BT's five conserved variables.</summary>
    public const int Components = 5;

    /// <summary>Bytes of one grid point (five doubles).</summary>
    public const int PointBytes = Components * sizeof(double);

    /// <summary>The classes, S to C.</summary>
    public static IReadOnlyList<ProblemClass> All { get; } =
    [
        new('S', 12, 60, 0.010),
        new('W', 24, 200, 0.0008),
        new('A', 64, 200, 0.0008),
        new('B', 102, 200, 0.0003),
        new('C', 162, 200, 0.0001),
    ];

    /// <summary>The class named <paramref name="name"/> (one letter, any case), or null.</summary>
    public static ProblemClass? Find(string name)
    {
        if (name.Length != 1) return null;
        char c = char.ToUpperInvariant(name[0]);
        foreach (var p in All)
            if (p.Name == c) return p;
        return null;
    }

    /// <summary>Dumps in a run: one every <see cref="DumpInterval"/> steps.</summary>
    public int Dumps => Steps / DumpInterval;

    /// <summary>Grid points of one dump (G³).</summary>
    public long PointsPerDump => (long)GridSize * GridSize * GridSize;

    /// <summary>Bytes of one dump.</summary>
    public long BytesPerDump => PointsPerDump * PointBytes;

    /// <summary>Bytes of the whole file: every dump one after another.</summary>
    public long FileBytes => BytesPerDump * Dumps;
}
