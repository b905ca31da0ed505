using System.Text.Json.Serialization;

namespace MpiIo.Btio;

/// <summary>
/// One run's results, as printed and as written by <c>--json</c>. Times are the slowest rank's, in seconds;
/// MB are 10⁶ bytes, as in NPB's report.
/// </summary>
public sealed record BtioResult
{
    /// <summary>Always "BT-IO".</summary>
    public string Benchmark { get; init; } = "BT-IO";

    /// <summary>The problem class, one letter.</summary>
    public string Class { get; init; } = "";

    /// <summary>G: grid points per axis.</summary>
    public int Grid { get; init; }

    /// <summary>Time steps.</summary>
    public int Iterations { get; init; }

    /// <summary>Dumps written (one every 5 steps).</summary>
    public int Dumps { get; init; }

    /// <summary>Processes (MPI ranks).</summary>
    public int Processes { get; init; }

    /// <summary>full, simple or epio.</summary>
    public string Subtype { get; init; } = "";

    /// <summary>The file-system prefix ("" for the local file system).</summary>
    public string FsPrefix { get; init; } = "";

    /// <summary>The storage driver's name: "ufs" for the local file system, else the prefix without its colon.</summary>
    public string FileSystem { get; init; } = "";

    /// <summary>The file written (for epio: the name before ".RANK").</summary>
    public string File { get; init; } = "";

    /// <summary>index or solution.</summary>
    public string Content { get; init; } = "";

    /// <summary>packed or ghost: how the dumps' points lie in memory.</summary>
    public string Memory { get; init; } = "packed";

    /// <summary>Compute per step, in ms.</summary>
    public int ComputeMs { get; init; }

    /// <summary>Whether the writes ended with MPI_File_sync.</summary>
    public bool Sync { get; init; }

    /// <summary>The MPI-IO hints given.</summary>
    public IReadOnlyDictionary<string, string> Hints { get; init; } = new Dictionary<string, string>();

    /// <summary>The time-step loop, dumps included.</summary>
    public double TotalTimeS { get; init; }

    /// <summary>Time in the dump writes (and the sync).</summary>
    public double WriteTimeS { get; init; }

    /// <summary>Time in reading every dump back.</summary>
    public double ReadTimeS { get; init; }

    /// <summary>Write time as a percentage of the total time (NPB's "I/O timing percentage").</summary>
    public double IoPercent { get; init; }

    /// <summary>Bytes written by all ranks.</summary>
    public long BytesWritten { get; init; }

    /// <summary>Bytes read back by all ranks.</summary>
    public long BytesRead { get; init; }

    /// <summary>Bytes written / write time, MB/s.</summary>
    public double WriteMbps { get; init; }

    /// <summary>Bytes read / read time, MB/s.</summary>
    public double ReadMbps { get; init; }

    /// <summary>The file's size in bytes (the sum of the ranks' files for epio).</summary>
    public long FileBytes { get; init; }

    /// <summary>How the last collective access moved its data (full only).</summary>
    public string CollectivePath { get; init; } = "";

    /// <summary>Whether every value read back was the value written.</summary>
    public bool Verified { get; init; }

    /// <summary>Values that did not match.</summary>
    public long Mismatches { get; init; }

    /// <summary>The host of rank 0.</summary>
    public string Host { get; init; } = "";

    /// <summary>The MPI library's version string (first line).</summary>
    public string MpiLibrary { get; init; } = "";

    /// <summary>When the run started (UTC, ISO 8601).</summary>
    public string StartedUtc { get; init; } = "";
}

/// <summary>The JSON form of <see cref="BtioResult"/>: snake_case names, indented.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BtioResult))]
internal sealed partial class BtioJson : JsonSerializerContext;
