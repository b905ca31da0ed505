using System.Runtime.InteropServices;
using System.Text.Json;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Btio;

/// <summary>Runs the built <c>btio</c> program (assembly <c>btio</c> of project MpiIo.Btio) and reads what it wrote.</summary>
internal static class BtioProgram
{
    /// <summary>The hard timeout of one run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The built btio.dll.</summary>
    public static string Dll
    {
        get
        {
            foreach (var config in new[] { "release", "debug" })
            {
                var p = Path.Combine(RepoPaths.Root, "artifacts", "bin", "MpiIo.Btio", config, "btio.dll");
                if (File.Exists(p)) return p;
            }
            throw new FileNotFoundException("btio.dll is not built; run ./run-mpi.sh build (or dotnet build MpiIo.sln -c Release).");
        }
    }

    /// <summary><c>mpiexec -n RANKS dotnet btio.dll ARGS</c>.</summary>
    public static MpiRunResult Run(int ranks, params string[] args) => MpiRun.Dotnet(ranks, Dll, args, Timeout);

    /// <summary><c>mpiexec -n RANKS dotnet btio.dll ARGS</c> with extra environment variables.</summary>
    public static MpiRunResult Run(int ranks, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        MpiRun.Dotnet(ranks, Dll, args, Timeout, environment);

    /// <summary><c>dotnet btio.dll ARGS</c> without mpiexec (the report mode needs no MPI).</summary>
    public static MpiRunResult RunPlain(params string[] args) => MpiRun.Run("dotnet", new[] { Dll }.Concat(args), Timeout);

    /// <summary>A file's contents as native doubles.</summary>
    public static double[] ReadDoubles(string path) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(path)).ToArray();

    /// <summary>The JSON result a run wrote with <c>--json</c>.</summary>
    public static JsonElement ReadJson(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    /// <summary>Asserts the run succeeded and printed NPB's successful verification line.</summary>
    public static void AssertVerified(MpiRunResult run)
    {
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Transcript);
        Assert.That(run.Output, Does.Match(@"Verification\s+=\s+SUCCESSFUL"), run.Transcript);
    }

    /// <summary>The bytes of one dump of class <paramref name="grid"/> (5 doubles per point).</summary>
    public static long DumpBytes(int grid) => (long)grid * grid * grid * 40;
}
