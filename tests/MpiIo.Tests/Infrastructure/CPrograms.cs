using System.Collections.Concurrent;

namespace MpiIo.Tests.Infrastructure;

/// <summary>The C harnesses of <c>tests/c</c>, compiled with MPICH's <c>mpicc</c> at test time when missing or stale.</summary>
public static class CPrograms
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_built = new();

    /// <summary>The path of the built program <paramref name="name"/> (<c>tests/c/NAME.c</c>).</summary>
    public static string Path(string name) => s_built.GetOrAdd(name, n => new Lazy<string>(() => Build(n))).Value;

    private static string Build(string name)
    {
        var src = System.IO.Path.Combine(RepoPaths.Root, "tests", "c", name + ".c");
        var dir = System.IO.Path.Combine(RepoPaths.Root, "artifacts", "c");
        Directory.CreateDirectory(dir);
        var exe = System.IO.Path.Combine(dir, name);
        if (File.Exists(exe) && File.GetLastWriteTimeUtc(exe) >= File.GetLastWriteTimeUtc(src)) return exe;
        var run = MpiRun.Run("mpicc", ["-O2", "-Wall", "-o", exe, src, "-lm"], TimeSpan.FromSeconds(120));
        if (run.ExitCode != 0) throw new InvalidOperationException($"mpicc {src} failed\n{run.Transcript}");
        return exe;
    }
}
