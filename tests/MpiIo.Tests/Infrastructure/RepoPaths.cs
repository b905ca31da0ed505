namespace MpiIo.Tests.Infrastructure;

/// <summary>Where the repository and the built programs are, found from the test assembly's location.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        var env = Environment.GetEnvironmentVariable("MPIIO_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "MpiIo.sln"))) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MpiIo.sln"))) return dir.FullName;
        throw new InvalidOperationException("MpiIo.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root.</summary>
    public static string Root => s_root.Value;

    /// <summary>The built assembly of an executable project (Release, artifacts layout).</summary>
    public static string Program(string project)
    {
        foreach (var config in new[] { "release", "debug" })
        {
            var p = Path.Combine(Root, "artifacts", "bin", project, config, project + ".dll");
            if (File.Exists(p)) return p;
        }
        throw new FileNotFoundException($"{project}.dll is not built; run ./run-mpi.sh test (or dotnet build MpiIo.sln -c Release).");
    }
}
