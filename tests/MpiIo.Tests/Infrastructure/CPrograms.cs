using System.Collections.Concurrent;

namespace MpiIo.Tests.Infrastructure;

/// <summary>
/// The C (and Fortran) programs of <c>tests/c</c>, compiled with MPICH's <c>mpicc</c> or <c>mpif90</c> at test
/// time when missing or stale (older than a source or a header beside one).
/// </summary>
public static class CPrograms
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_built = new();

    /// <summary>The path of the built program <paramref name="name"/> (<c>tests/c/NAME.c</c>).</summary>
    public static string Path(string name) => Path(name, "mpicc", name + ".c");

    /// <summary>
    /// The path of the program <paramref name="name"/> (a path under <c>tests/c</c> without extension, e.g.
    /// <c>abi/errors</c>; built to <c>artifacts/c/NAME</c>) compiled by <paramref name="compiler"/> from
    /// <paramref name="sources"/> (paths under <c>tests/c</c>).
    /// </summary>
    public static string Path(string name, string compiler, params string[] sources) =>
        s_built.GetOrAdd(name, _ => new Lazy<string>(() => Build(name, compiler, sources))).Value;

    private static string Build(string name, string compiler, string[] sources)
    {
        var testsC = System.IO.Path.Combine(RepoPaths.Root, "tests", "c");
        var exe = System.IO.Path.Combine(RepoPaths.Root, "artifacts", "c", name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(exe)!);
        var srcs = sources.Select(s => System.IO.Path.Combine(testsC, s)).ToArray();
        var inputs = srcs.Concat(srcs.Select(s => System.IO.Path.GetDirectoryName(s)!).Distinct()
            .SelectMany(d => Directory.EnumerateFiles(d, "*.h")));
        if (File.Exists(exe) && inputs.All(f => File.GetLastWriteTimeUtc(exe) >= File.GetLastWriteTimeUtc(f))) return exe;
        // mpif90 puts its module files in the working directory: build in the output folder.
        var run = MpiRun.Run(compiler, ["-O2", "-Wall", "-o", exe, .. srcs, "-lm"], TimeSpan.FromSeconds(120),
            workingDirectory: System.IO.Path.GetDirectoryName(exe));
        if (run.ExitCode != 0) throw new InvalidOperationException($"{compiler} {string.Join(' ', srcs)} failed\n{run.Transcript}");
        return exe;
    }
}
