using System.Globalization;
using MpiIo.Paper.Driver;

namespace MpiIo.Paper.PvfsBench;

/// <summary>The settings of <c>MpiIo.Paper pvfs</c> (issue 5's striped-file-system benchmark; see <see cref="Usage"/>).</summary>
internal sealed record PvfsBenchOptions
{
    /// <summary>I/O-server counts of the bandwidth table (a file on n servers has <c>striping_factor</c> n).</summary>
    public int[] Servers { get; init; } = [1, 2, 4];

    /// <summary>Client rank counts of the bandwidth table (one <c>mpiexec</c> launch each).</summary>
    public int[] Ranks { get; init; } = [1, 2];

    /// <summary>Bytes per call of the bandwidth table.</summary>
    public long Request { get; init; } = 4L << 20;

    /// <summary>Bytes each rank writes and reads per point.</summary>
    public long Size { get; init; } = 64L << 20;

    /// <summary>Repetitions of every bandwidth point; with 3 or more the best and worst are dropped.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Stripe size of every file.</summary>
    public long Stripe { get; init; } = 64 << 10;

    /// <summary>Bytes of one small request.</summary>
    public int SmallRequest { get; init; } = 4 << 10;

    /// <summary>Timed small requests per latency point.</summary>
    public int LatencyOps { get; init; } = 4000;

    /// <summary>Scratch folder for the servers' storage (default: a new folder in the temp directory, removed afterwards).</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The MPI launcher.</summary>
    public string Mpiexec { get; init; } = "mpiexec";

    /// <summary>Hard limit of one child process, in seconds.</summary>
    public int TimeoutSeconds { get; init; } = 600;

    /// <summary>The --help text.</summary>
    public const string Usage = """
        usage: MpiIo.Paper pvfs [OPTIONS]     the striped file system's bandwidth and small-request latency (issue 5)

        Starts 1 metadata + N I/O servers on loopback (N = the largest --servers), storage in a scratch folder, then
        runs K rounds of: TCP loopback (C# socket pair, 1 and 2 streams), pwrite/pread of a local file in the storage
        folder, every bandwidth point once. Prints:
          - aggregate write and read MB/s of files striped over each --servers count, for each --ranks count
            (one mpiexec launch per count), native API and MPI-IO independent, with % of loopback and of local storage;
          - 4 KiB read and write latency of one client at queue depth 1 and 32 (mean, p50, p99 µs, IOPS).

          --servers LIST    I/O-server counts (default 1,2,4)
          --ranks LIST      client ranks (default 1,2)
          --request SIZE    bytes per call (default 4m)
          --size SIZE       bytes per rank and point (default 64m)
          --rounds K        rounds (repetitions of every point); K >= 3 drops the best and worst (default 5)
          --stripe SIZE     stripe size (default 64k)
          --latency-ops N   timed 4 KiB requests per latency point (default 4000)
          --work DIR        scratch folder for the servers' storage (default: a new temp folder)
          --mpiexec PATH    (default mpiexec)
          --timeout S       hard limit per child process (default 600)
        SIZE takes k, m, g suffixes (binary).
        """;

    /// <summary>Parses the arguments after <c>pvfs</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, naming it.</exception>
    public static PvfsBenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = PaperOptions.Fold(args, new PvfsBenchOptions(), static (o, a, Value) => a switch
            {
                "--servers" => o with { Servers = PaperOptions.IntList(Value(), a, 1) },
                "--ranks" => o with { Ranks = PaperOptions.IntList(Value(), a, 1) },
                "--request" => o with { Request = PaperOptions.Size(Value(), a) },
                "--size" => o with { Size = PaperOptions.Size(Value(), a) },
                "--rounds" => o with { Rounds = One(Value(), a, 1, 100) },
                "--stripe" => o with { Stripe = PaperOptions.Size(Value(), a) },
                "--latency-ops" => o with { LatencyOps = One(Value(), a, 32, 10_000_000) },
                "--work" => o with { WorkDirectory = Value() },
                "--mpiexec" => o with { Mpiexec = Value() },
                "--timeout" => o with { TimeoutSeconds = One(Value(), a, 1, 86400) },
                _ => throw new ArgumentException($"unknown option '{a}' (see --help)"),
            });
        if (o.Request > o.Size)
            throw new ArgumentException($"--request ({o.Request} bytes) is larger than --size ({o.Size} bytes)");
        foreach (int n in o.Servers)
            if (n > 64)
                throw new ArgumentException($"--servers: {n} I/O servers is more than this benchmark starts (64)");
        return o;
    }

    private static int One(string value, string option, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new ArgumentException($"{option}: '{value}' is not an integer in [{min}, {max}]");
        return n;
    }
}
