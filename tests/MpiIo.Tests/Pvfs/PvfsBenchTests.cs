using System.Net.Sockets;
using MpiIo.Paper.PvfsBench;
using MpiIo.Paper.Report;
using MpiIo.Paper.Workload;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Pvfs;

/// <summary>
/// Issue 5's benchmark (<c>MpiIo.Paper pvfs</c>, <c>./run-mpi.sh bench pvfs</c>): its options, its statistics and
/// report, a tiny run end to end, and the script's clean-up on bad arguments and on SIGTERM.
/// </summary>
[NonParallelizable]
public class PvfsBenchTests
{
    [Test]
    public void Parse_NoArguments_IssueDefaults()
    {
        PvfsBenchOptions o = PvfsBenchOptions.Parse([]);
        Assert.That(o.Servers, Is.EqualTo(new[] { 1, 2, 4 }));
        Assert.That(o.Ranks, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(o.Request, Is.EqualTo(4L << 20));
        Assert.That(o.SmallRequest, Is.EqualTo(4096));
    }

    [Test]
    public void Parse_AllOptions_Taken()
    {
        PvfsBenchOptions o = PvfsBenchOptions.Parse(["--servers", "2,3", "--ranks", "1", "--request", "1m", "--size", "8m", "--rounds", "3",
            "--stripe", "128k", "--latency-ops", "100", "--work", "/x", "--mpiexec", "m", "--timeout", "9"]);
        Assert.That(o, Is.EqualTo(new PvfsBenchOptions
        {
            Servers = o.Servers, Ranks = o.Ranks, Request = 1 << 20, Size = 8 << 20, Rounds = 3, Stripe = 128 << 10, LatencyOps = 100,
            WorkDirectory = "/x", Mpiexec = "m", TimeoutSeconds = 9,
        }));
        Assert.That(o.Servers, Is.EqualTo(new[] { 2, 3 }));
    }

    [TestCase("--servers", "0", "--servers")]
    [TestCase("--servers", "65", "--servers")]
    [TestCase("--ranks", "two", "--ranks")]
    [TestCase("--request", "0", "--request")]
    [TestCase("--size", "4x", "--size")]
    [TestCase("--rounds", "0", "--rounds")]
    [TestCase("--latency-ops", "5", "--latency-ops")]
    [TestCase("--bogus", "1", "--bogus")]
    public void Parse_BadValue_ThrowsNamingOption(string option, string value, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => PvfsBenchOptions.Parse([option, value]));
        Assert.That(e!.Message, Does.Contain(named));
    }

    [Test]
    public void Parse_MissingValueOrRequestAboveSize_Throws()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => PvfsBenchOptions.Parse(["--rounds"]))!.Message, Does.Contain("needs a value"));
        Assert.That(Assert.Throws<ArgumentException>(() => PvfsBenchOptions.Parse(["--request", "8m", "--size", "4m"]))!.Message, Does.Contain("--request"));
    }

    [Test]
    public void LatencyArgs_MissingOrBadOption_Throws()
    {
        Assert.Throws<ArgumentException>(() => LatencyArgs.Parse(["--path", "/x"]));
        Assert.Throws<ArgumentException>(() => LatencyArgs.Parse(["--path", "/x", "--request", "3000", "--ops", "10", "--stripe", "64k", "--depths", "1"]));
        LatencyArgs ok = LatencyArgs.Parse(["--path", "/x", "--request", "4k", "--ops", "10", "--stripe", "64k", "--depths", "1,32"]);
        Assert.That(ok.Depths, Is.EqualTo(new[] { 1, 32 }));
    }

    [Test]
    public void LatencySummary_KnownTimes_MeanPercentilesAndRate()
    {
        double[] micros = new double[100];
        for (int i = 0; i < micros.Length; i++)
            micros[i] = 100 - i; // 100 .. 1, unsorted on purpose
        LatencySummary s = LatencySummary.From("read", 32, micros, 0.5);
        Assert.That(s.MeanMicros, Is.EqualTo(50.5));
        Assert.That(s.P50Micros, Is.EqualTo(50));
        Assert.That(s.P99Micros, Is.EqualTo(99));
        Assert.That(s.Iops, Is.EqualTo(200));
        Assert.That(LatencySummary.Parse(s.ToLine()), Is.EqualTo(s));
        Assert.That(LatencySummary.Parse("latency read x 1 2 3 4"), Is.Null);
    }

    [Test]
    public void LatencySummary_NoTimesOrNoElapsed_Throws()
    {
        Assert.Throws<ArgumentException>(() => LatencySummary.From("read", 1, [], 1));
        Assert.Throws<ArgumentException>(() => LatencySummary.From("read", 1, [1.0], 0));
    }

    [Test]
    public void Report_PercentOfBetterLoopbackAndMissingPointsDashed()
    {
        var o = new PvfsBenchOptions { Servers = [1, 2], Ranks = [1] };
        var c = new PaperCase(0, PaperImpl.MpiIo, PaperFs.Pvfs, PaperApi.Native, 1, 1, o.Size, o.Request, o.Stripe, "/paper/c0", "pvfs");
        var point = new PointSummary(c, 5, 1500, 2250, null, null, 0);
        var r = new PvfsBenchResult(o, "now", "host", 2, "1.00 1.00 1.00", "2.00 2.00 2.00", "tmpfs", 2500, 3000, 1000, 4500, [point],
            [new LatencySummary("write", 1, 50, 45, 90, 20000)], []);
        string text = PvfsBenchReport.Format(r);
        Assert.That(text, Does.Contain("| 1 | 1 | 1500 (50% · 150%) | 2250 (75% · 50%) | – | – |"));
        Assert.That(text, Does.Contain("| 2 | 1 | – | – | – | – |"));
        Assert.That(text, Does.Contain("| write | 1 | 50.0 | 45.0 | 90.0 | 20000 |"));
        Assert.That(text, Does.Contain("1.00 1.00 1.00 before"));
    }

    [Test]
    public void Program_TinyRun_PrintsBothTablesAndRemovesStorage()
    {
        using var dir = new TestDirectory();
        MpiRunResult run = MpiRun.Run("dotnet", [RepoPaths.Program("MpiIo.Paper"), "pvfs", "--servers", "1,2", "--ranks", "1", "--size", "1m",
            "--request", "256k", "--rounds", "1", "--latency-ops", "64", "--work", dir.File("work")], TimeSpan.FromSeconds(240));
        Assert.That(run.ExitCode, Is.Zero, run.Transcript);
        Assert.That(run.Output, Does.Contain("TCP loopback").And.Contain("| 1 | 1 |").And.Contain("| 2 | 1 |"));
        foreach (string op in new[] { "| write | 1 |", "| read | 1 |", "| write | 32 |", "| read | 32 |" })
            Assert.That(run.Output, Does.Contain(op), run.Transcript);
        Assert.That(run.Output, Does.Not.Contain("FAILED"));
        Assert.That(Directory.Exists(dir.File("work/pvfs")), Is.False, "server storage is removed");
    }

    [Test]
    public void Program_BadOption_ExitsTwoWithOneLine()
    {
        MpiRunResult run = MpiRun.Run("dotnet", [RepoPaths.Program("MpiIo.Paper"), "pvfs", "--ranks", "zero"], TimeSpan.FromSeconds(60));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error.Trim().Split('\n'), Has.Length.EqualTo(1), run.Transcript);
        Assert.That(run.Error, Does.Contain("--ranks"));
    }

    [Test]
    public void Script_BadOption_ExitsNonZeroWithOneLineAndNoScratch()
    {
        using var dir = new TestDirectory();
        var (rc, _, stderr, _, _) = BenchScript.Run(dir, ["bench", "pvfs", "--rounds", "0"], "pvfs", expectServers: false, interruptAfter: null);
        Assert.That(rc, Is.EqualTo(2), stderr);
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.Contain("--rounds"));
        Assert.That(Directory.GetDirectories(dir.File("tmp")), Is.Empty, "scratch folder left behind");
    }

    [Test]
    public void Script_InterruptedByTerm_StopsServersAndRanksAndRemovesScratch()
    {
        using var dir = new TestDirectory();
        // 100 rounds of 64 MiB keep the run going far longer than this test waits.
        var (rc, _, stderr, addresses, pgid) = BenchScript.Run(dir, ["bench", "pvfs", "--servers", "2", "--ranks", "1", "--size", "64m", "--rounds", "100"],
            "pvfs", expectServers: true, interruptAfter: TimeSpan.FromSeconds(3));
        Assert.That(rc, Is.EqualTo(143), stderr);
        Assert.That(addresses, Is.Not.Empty, stderr);
        foreach (string a in addresses)
        {
            int port = int.Parse(a[(a.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            using var probe = new TcpClient();
            Assert.Throws<SocketException>(() => probe.Connect("127.0.0.1", port), $"server {a} still listens\n{stderr}");
        }
        Assert.That(Directory.GetDirectories(dir.File("tmp")), Is.Empty, "scratch folder left behind");
        Assert.That(BenchScript.GroupAlive(pgid), Is.False, "a process of the benchmark's group is still alive");
    }
}
