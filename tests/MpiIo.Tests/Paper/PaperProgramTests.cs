using System.Diagnostics;
using System.Net.Sockets;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Paper;

/// <summary>The benchmark program end to end, and the main job's script: a report comes out, no server survives.</summary>
[NonParallelizable]
public class PaperProgramTests
{
    private static string PeerProgram()
    {
        string src = Path.Combine(RepoPaths.Root, "benchmarks", "c", "paper_peer.c");
        string exe = Path.Combine(RepoPaths.Root, "artifacts", "c", "paper_peer");
        if (!File.Exists(exe) || File.GetLastWriteTimeUtc(exe) < File.GetLastWriteTimeUtc(src))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(exe)!);
            MpiRunResult cc = MpiRun.Run("mpicc", ["-O2", "-Wall", "-o", exe, src, "-lm"], TimeSpan.FromSeconds(120));
            Assert.That(cc.ExitCode, Is.Zero, cc.Transcript);
        }
        return exe;
    }

    [Test]
    public void Run_TinySweep_WritesReportFolderWithAllFiles()
    {
        using var dir = new TestDirectory();
        string report = dir.File("report");
        MpiRunResult run = MpiRun.Run("dotnet", [RepoPaths.Program("MpiIo.Paper"), "run", "--ranks", "1,2", "--io-servers", "1", "--block", "64k",
            "--requests", "16k,64k", "--request-block", "64k", "--request-ranks", "2", "--reps", "3", "--quiet", "--report", report,
            "--work", dir.File("work"), "--peer", PeerProgram()], TimeSpan.FromSeconds(180));
        Assert.That(run.ExitCode, Is.Zero, run.Transcript);
        string[] lines = run.Output.TrimEnd().Split('\n');
        Assert.That(lines[^1].TrimEnd(), Is.EqualTo("report: " + report));
        foreach (string f in new[] { "results.csv", "results.json", "summary.md", "launch.log", "plots.gp", "bandwidth-write.png", "bandwidth-read.png", "mpiio-vs-native.png", "local-vs-mpich.png", "request-size.png" })
            Assert.That(File.Exists(Path.Combine(report, f)), Is.True, f + "\n" + run.Transcript);
        // 2 rank counts × (3 pvfs + 3 local + 2 MPICH) + 2 request sizes × (3 + 3 + 2), 3 repetitions each, plus the header.
        Assert.That(File.ReadAllLines(Path.Combine(report, "results.csv")), Has.Length.EqualTo(1 + (16 + 16) * 3));
        Assert.That(File.ReadAllText(Path.Combine(report, "summary.md")), Does.Contain("MpiIo ÷ MPICH"));
        Assert.That(Directory.Exists(dir.File("work/pvfs")), Is.False, "server storage is removed");
    }

    [Test]
    public void Run_BadOption_ExitsTwoNamingIt()
    {
        MpiRunResult run = MpiRun.Run("dotnet", [RepoPaths.Program("MpiIo.Paper"), "run", "--ranks", "zero"], TimeSpan.FromSeconds(60));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error, Does.Contain("--ranks"));
    }

    [Test]
    public void Script_CompletesSweep_StopsServersAndRemovesScratch()
    {
        using var dir = new TestDirectory();
        var (rc, stdout, stderr, addresses, pgid) = RunScript(dir, interruptAfterStart: false);
        Assert.That(rc, Is.Zero, stderr);
        Assert.That(stdout.TrimEnd().Split('\n')[^1], Does.StartWith("report: " + dir.File("report")));
        AssertStopped(dir, addresses, pgid, stderr);
    }

    [Test]
    public void Script_InterruptedByTerm_StopsServersAndRemovesScratch()
    {
        using var dir = new TestDirectory();
        var (rc, _, stderr, addresses, pgid) = RunScript(dir, interruptAfterStart: true);
        Assert.That(rc, Is.EqualTo(143), stderr);
        AssertStopped(dir, addresses, pgid, stderr);
    }

    private static void AssertStopped(TestDirectory dir, string[] addresses, int pgid, string stderr)
    {
        Assert.That(addresses, Is.Not.Empty, stderr);
        foreach (string a in addresses)
        {
            int port = int.Parse(a[(a.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            using var probe = new TcpClient();
            Assert.Throws<SocketException>(() => probe.Connect("127.0.0.1", port), $"server {a} still listens\n{stderr}");
        }
        Assert.That(Directory.GetDirectories(dir.File("tmp"), "mpiio-paper.*"), Is.Empty, "scratch folder left behind");
        Assert.That(BenchScript.GroupAlive(pgid), Is.False, "a process of the benchmark's group is still alive");
    }

    // Runs ./run-mpi.sh paper with a tiny sweep and TMPDIR inside the test directory; when asked, sends SIGTERM to
    // the script as soon as the servers are up. Returns the servers' addresses and the driver's process group.
    private static (int Rc, string Stdout, string Stderr, string[] Addresses, int Pgid) RunScript(TestDirectory dir, bool interruptAfterStart)
    {
        string[] args = ["paper", "--ranks", "1", "--io-servers", "2", "--block", "64k", "--apis", "native,independent", "--fs", "pvfs",
            "--requests", "none", "--reps", interruptAfterStart ? "100000" : "1", "--drop", "0", "--no-plots", "--quiet", "--report", dir.File("report")];
        // 100000 repetitions keep the run going far longer than this test waits.
        var r = BenchScript.Run(dir, args, "paper", expectServers: true, interruptAfter: interruptAfterStart ? TimeSpan.FromMilliseconds(1500) : null);
        return (r.ExitCode, r.Stdout, r.Stderr, r.Addresses, r.ProcessGroup);
    }
}
