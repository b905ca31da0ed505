using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace MpiIo.Tests.Infrastructure;

/// <summary>
/// Runs <c>./run-mpi.sh</c> for a benchmark whose driver announces <c>PREFIX: driver process PID</c> and
/// <c>PREFIX: striped file system up: ADDRESSES</c> on stderr, with TMPDIR inside a test directory and no build;
/// optionally sends SIGTERM to the script once the servers are up.
/// </summary>
public static partial class BenchScript
{
    /// <summary>What a run left to check: exit code, output, the servers' addresses and the driver's process group.</summary>
    public readonly record struct Result(int ExitCode, string Stdout, string Stderr, string[] Addresses, int ProcessGroup);

    /// <param name="dir">The test's directory; TMPDIR is its <c>tmp</c> folder (created here).</param>
    /// <param name="args">The script's arguments.</param>
    /// <param name="prefix">The driver's stderr prefix ("paper", "pvfs").</param>
    /// <param name="expectServers">Fail unless the servers come up.</param>
    /// <param name="interruptAfter">When set: SIGTERM to the script this long after the servers came up.</param>
    public static Result Run(TestDirectory dir, IEnumerable<string> args, string prefix, bool expectServers, TimeSpan? interruptAfter)
    {
        Directory.CreateDirectory(dir.File("tmp"));
        var psi = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "run-mpi.sh"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["TMPDIR"] = dir.File("tmp");
        psi.Environment["MPIIO_PAPER_NO_BUILD"] = "1";
        using var proc = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        string[] addresses = [];
        int pgid = -1;
        string driver = prefix + ": driver process ", marker = prefix + ": striped file system up: ";
        using var up = new ManualResetEventSlim();
        proc.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        proc.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null)
                return;
            lock (stderr)
                stderr.AppendLine(e.Data);
            if (e.Data.StartsWith(driver, StringComparison.Ordinal))
                pgid = int.Parse(e.Data[driver.Length..], System.Globalization.CultureInfo.InvariantCulture);
            if (e.Data.StartsWith(marker, StringComparison.Ordinal))
            {
                addresses = e.Data[marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                up.Set();
            }
        };
        proc.Start();
        proc.BeginOutputReadLine();
        proc.BeginErrorReadLine();
        try
        {
            if (expectServers || interruptAfter != null)
            {
                Assert.That(up.Wait(TimeSpan.FromSeconds(90)), Is.True, "the servers never came up\n" + stderr);
                // run-mpi.sh starts the driver with setsid, so its pid is its process group.
                Assert.That(getpgid(pgid), Is.EqualTo(pgid).Or.EqualTo(-1), "the driver does not lead its own process group");
            }
            if (interruptAfter is TimeSpan delay)
            {
                Thread.Sleep(delay); // let the first mpiexec launch start, so the trap has ranks to stop
                Assert.That(kill(proc.Id, 15), Is.Zero, "the script ended before it could be interrupted\n" + stderr);
            }
            Assert.That(proc.WaitForExit(TimeSpan.FromSeconds(120)), Is.True, "the script did not finish\n" + stderr);
            proc.WaitForExit();
        }
        finally
        {
            if (!proc.HasExited)
                proc.Kill(entireProcessTree: true);
        }
        return new Result(proc.ExitCode, stdout.ToString(), stderr.ToString(), addresses, pgid);
    }

    /// <summary>Whether any process of group <paramref name="pgid"/> is alive (kill(-pgid, 0)).</summary>
    public static bool GroupAlive(int pgid) => kill(-pgid, 0) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpgid(int pid);
}
