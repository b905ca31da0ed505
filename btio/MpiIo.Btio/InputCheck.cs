using System.Text;
using MpiIo.Mpi;

namespace MpiIo.Btio;

/// <summary>
/// The checks of a run's input made before anything is written: rank 0 decides and broadcasts its verdict,
/// so every rank agrees and all of them exit with status 2 together on bad input.
/// </summary>
public static class InputCheck
{
    /// <summary>What is wrong with a run of <paramref name="options"/> on <paramref name="processes"/> ranks, or null.</summary>
    public static string? Problem(Options options, int processes)
    {
        var problem = ProblemClass.Find(options.ClassName);
        if (problem == null) return $"unknown class '{options.ClassName}' (known: S, W, A, B, C).";
        var subtype = Subtypes.Parse(options.SubtypeName);
        if (subtype == null) return $"unknown subtype '{options.SubtypeName}' (known: full, simple, epio).";
        if (options.Memory == MemoryKind.Ghost && subtype != Subtype.Full) return "--memory ghost needs --subtype full (the other subtypes write packed runs).";
        int q = Multipartition.SquareRoot(processes);
        if (q < 0) return $"BT-IO needs a square number of processes (1, 4, 9, 16, ...), got {processes}.";
        if (q > problem.GridSize)
            return $"{processes} processes are too many for class {problem.Name} (G = {problem.GridSize}): at most {problem.GridSize * problem.GridSize}.";
        if (options.JsonPath != null)
        {
            string? jsonDir = Path.GetDirectoryName(Path.GetFullPath(options.JsonPath));
            if (jsonDir != null && !System.IO.Directory.Exists(jsonDir)) return $"the directory of --json '{options.JsonPath}' does not exist.";
        }
        return FileSystems.IsLocal(options.FsPrefix)
            ? DirectoryProblem(options.Directory)
            : FileSystems.RemoteDirectoryProblem(options.FsPrefix, options.Directory);
    }

    // A local directory must exist and take a new file: a probe file is created and deleted on close.
    private static string? DirectoryProblem(string dir)
    {
        if (!System.IO.Directory.Exists(dir))
            return File.Exists(dir) ? $"--dir '{dir}' is not a directory." : $"the directory '{dir}' does not exist.";
        string probe = Path.Combine(dir, $".btio-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using var f = new FileStream(probe, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"the directory '{dir}' is not writable ({e.Message}).";
        }
    }

    /// <summary>Rank 0's verdict from <paramref name="check"/>, broadcast to every rank of <paramref name="comm"/> (collective).</summary>
    public static string? Agree(Communicator comm, Func<string?> check)
    {
        byte[] text = [];
        int length = -1;
        if (comm.Rank == 0)
        {
            string? problem = check();
            if (problem != null)
            {
                text = Encoding.UTF8.GetBytes(problem);
                length = text.Length;
            }
        }
        length = comm.Bcast(length, 0);
        if (length < 0) return null;
        if (comm.Rank != 0) text = new byte[length];
        comm.Bcast<byte>(text, 0);
        return Encoding.UTF8.GetString(text);
    }
}
