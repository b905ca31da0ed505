using System.Globalization;

namespace MpiIo.Btio;

/// <summary>How a per-step compute phase spends its time.</summary>
public enum ComputeMode
{
    /// <summary>Spin on the core, as a solver would.</summary>
    Busy,

    /// <summary>Sleep, leaving the core to other ranks.</summary>
    Sleep,
}

/// <summary>How the dumps' points lie in memory (see <see cref="MemoryLayout"/>).</summary>
public enum MemoryKind
{
    /// <summary>Packed, cell after cell.</summary>
    Packed,

    /// <summary>NPB's array with two ghost layers around every cell.</summary>
    Ghost,
}

/// <summary>A benchmark run's settings, from the command line.</summary>
public sealed record Options
{
    /// <summary>The problem class name as given (checked by <see cref="InputCheck"/>).</summary>
    public string ClassName { get; init; } = "S";

    /// <summary>The subtype name as given (checked by <see cref="InputCheck"/>).</summary>
    public string SubtypeName { get; init; } = "full";

    /// <summary>The directory of the file(s).</summary>
    public string Directory { get; init; } = Path.GetTempPath();

    /// <summary>The file-system prefix put in front of file names (<c>pvfs:</c>), "" for the local file system.</summary>
    public string FsPrefix { get; init; } = "";

    /// <summary>What the dumps hold.</summary>
    public ContentKind Content { get; init; } = ContentKind.Solution;

    /// <summary>How the dumps' points lie in memory.</summary>
    public MemoryKind Memory { get; init; } = MemoryKind.Packed;

    /// <summary>Milliseconds of compute per time step.</summary>
    public int ComputeMs { get; init; }

    /// <summary>How the compute phase spends them.</summary>
    public ComputeMode Compute { get; init; } = ComputeMode.Busy;

    /// <summary>Whether the write phase ends with <c>MPI_File_sync</c> (counted as write time).</summary>
    public bool Sync { get; init; }

    /// <summary>Whether the file(s) are deleted after verification.</summary>
    public bool Delete { get; init; }

    /// <summary>Where to write the JSON result, or null.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Hints for <c>MPI_File_open</c> (<c>--hint key=value</c>).</summary>
    public IReadOnlyDictionary<string, string> Hints { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether only the usage was asked for.</summary>
    public bool Help { get; init; }

    /// <summary>Parses a run's arguments.</summary>
    /// <exception cref="UsageException">An unknown option, a missing or malformed value.</exception>
    public static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        var hints = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int a = 0; a < args.Count; a++)
        {
            string arg = args[a];
            string Value()
            {
                if (a + 1 >= args.Count) throw new UsageException($"{arg} needs a value.");
                return args[++a];
            }
            switch (arg)
            {
                case "-h" or "--help": o = o with { Help = true }; break;
                case "--class": o = o with { ClassName = Value() }; break;
                case "--subtype": o = o with { SubtypeName = Value() }; break;
                case "--dir": o = o with { Directory = Value() }; break;
                case "--fs": o = o with { FsPrefix = NormalizePrefix(Value()) }; break;
                case "--content": o = o with { Content = OneOf(arg, Value(), ("index", ContentKind.Index), ("solution", ContentKind.Solution)) }; break;
                case "--memory": o = o with { Memory = OneOf(arg, Value(), ("packed", MemoryKind.Packed), ("ghost", MemoryKind.Ghost)) }; break;
                case "--compute-ms":
                    string ms = Value();
                    if (!int.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                        throw new UsageException($"--compute-ms needs a nonnegative whole number of milliseconds, got '{ms}'.");
                    o = o with { ComputeMs = n };
                    break;
                case "--compute": o = o with { Compute = OneOf(arg, Value(), ("busy", ComputeMode.Busy), ("sleep", ComputeMode.Sleep)) }; break;
                case "--sync": o = o with { Sync = true }; break;
                case "--delete": o = o with { Delete = true }; break;
                case "--json": o = o with { JsonPath = Value() }; break;
                case "--hint":
                    string h = Value();
                    int eq = h.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) throw new UsageException($"--hint needs key=value, got '{h}'.");
                    hints[h[..eq]] = h[(eq + 1)..];
                    break;
                default:
                    throw new UsageException($"unknown argument '{arg}' (see --help).");
            }
        }
        return o with { Hints = hints };
    }

    // The value of a choice option: one of the names, exactly.
    private static T OneOf<T>(string option, string value, params (string Name, T Value)[] choices)
    {
        foreach (var (name, v) in choices)
            if (value == name) return v;
        throw new UsageException($"{option} must be {string.Join(" or ", choices.Select(c => $"'{c.Name}'"))}, got '{value}'.");
    }

    // "pvfs" and "pvfs:" both mean the pvfs: driver; "" means the local file system.
    private static string NormalizePrefix(string prefix) =>
        prefix.Length == 0 || prefix.EndsWith(':') ? prefix : prefix + ":";

    /// <summary>The usage text of the program.</summary>
    public const string Usage = """
        usage: btio [OPTIONS]                      run BT-IO under mpiexec (P must be a square: 1, 4, 9, 16, ...)
               btio report [--out FILE] JSON...    a Markdown table (the PVFS paper's Table 2) from JSON results
               btio --help

        The I/O of NPB 3.x BT-IO: a G³ grid of 5 doubles per point, decomposed by BT's multipartition; every
        5 time steps a dump of the whole grid (Fortran order) is appended to the file; at the end the whole file
        is read back and verified.

          --class S|W|A|B|C        problem class: G = 12, 24, 64, 102, 162; 60 steps for S, 200 otherwise (default S)
          --subtype full|simple|epio
                                   full: collective MPI-IO through the file view, one write_at_all per dump;
                                   simple: independent MPI-IO, one write_at per contiguous run;
                                   epio: every process writes its own file (default full)
          --dir DIR                directory of the file(s) (default: the system's temp directory)
          --fs PREFIX              file-system prefix put in front of the file name, e.g. pvfs: (default: local);
                                   pvfs: needs MPIIO_PVFS_CONFIG naming the running servers' configuration
          --content index|solution index: each double holds its own index in the file (the file reads 0, 1, 2, ...);
                                   solution: a deterministic pseudo-solution changing every step (default)
          --memory packed|ghost    packed: each process's points contiguous in memory (default); ghost: NPB's array
                                   u(5,-2:IMAX+1,-2:JMAX+1,-2:KMAX+1,ncells), noncontiguous (full subtype only)
          --compute-ms N           N milliseconds of compute per time step (default 0)
          --compute busy|sleep     how the compute phase spends them (default busy)
          --sync                   end the writes with MPI_File_sync (counted as write time)
          --hint KEY=VALUE         an MPI-IO hint for MPI_File_open (repeatable), e.g. cb_nodes=2
          --json PATH              also write the results as JSON
          --delete                 delete the file(s) after verification (default: keep them, as NPB does)

        Output in NPB's style; the exit status is 0 when verification succeeds, 1 when it fails or I/O fails,
        and 2 for bad input (nothing is written then).
        """;
}

/// <summary>Bad command-line input: exit status 2.</summary>
public sealed class UsageException(string message) : Exception(message);
