using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace MpiIo.Tests.Infrastructure;

/// <summary>The outcome of one <c>mpiexec</c> run.</summary>
public sealed record MpiRunResult(int ExitCode, string Output, string Error, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>Everything the run printed, for failure messages.</summary>
    public string Transcript => $"exit {ExitCode}{(TimedOut ? " (killed after timeout)" : "")}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>
/// Launches programs under <c>mpiexec</c> in a session of their own (<c>setsid</c>) and kills the whole
/// process group when the hard timeout expires, so a hung rank can never hang the test run.
/// </summary>
public static partial class MpiRun
{
    /// <summary>Runs <c>mpiexec -n <paramref name="ranks"/> dotnet PROGRAM ARGS</c>.</summary>
    public static MpiRunResult Dotnet(int ranks, string program, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var argv = new List<string> { "-n", ranks.ToString(), "dotnet", program };
        argv.AddRange(args);
        return Run("mpiexec", argv, timeout, environment);
    }

    /// <summary>Runs a command in its own session with a hard timeout that kills the process group.</summary>
    public static MpiRunResult Run(string command, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        psi.ArgumentList.Add(command);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Keep the ranks from spinning on cores the other ranks need when they outnumber the cores.
        psi.Environment["MPIR_CVAR_POLLS_BEFORE_YIELD"] = psi.Environment.TryGetValue("MPIR_CVAR_POLLS_BEFORE_YIELD", out var p) && p != null ? p : "1000";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment != null) foreach (var (k, v) in environment) psi.Environment[k] = v;

        var sw = Stopwatch.StartNew();
        using var proc = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        proc.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        proc.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        proc.Start();
        proc.BeginOutputReadLine();
        proc.BeginErrorReadLine();
        bool timedOut = !proc.WaitForExit(timeout);
        if (timedOut)
        {
            // setsid made the child a session and process-group leader: its pid is the group id.
            _ = kill(-proc.Id, 9);
            proc.WaitForExit(10_000);
        }
        else
        {
            proc.WaitForExit(); // drains the asynchronous readers
        }
        // Ranks or proxies left behind by a failed run are killed with their group.
        _ = kill(-proc.Id, 9);
        return new MpiRunResult(timedOut ? -9 : proc.ExitCode, stdout.ToString(), stderr.ToString(), timedOut, sw.Elapsed);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
