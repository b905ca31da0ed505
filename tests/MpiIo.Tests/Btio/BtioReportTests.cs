using System.Globalization;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Btio;

/// <summary><c>btio report</c>: JSON results into the Markdown table of the PVFS paper's Table 2 (no MPI needed).</summary>
[TestFixture]
public class BtioReportTests
{
    private TestDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TestDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private string Result(string name, int processes, string fileSystem, double read, double write, bool verified = true)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $$"""
            { "benchmark": "BT-IO", "class": "C", "grid": 162, "iterations": 200, "dumps": 40, "processes": {{processes}},
              "subtype": "full", "file_system": "{{fileSystem}}", "read_mbps": {{read}}, "write_mbps": {{write}}, "verified": {{(verified ? "true" : "false")}} }
            """));
        return path;
    }

    [Test]
    public void Report_RunsOnTwoFileSystems_RowPerProcessCountColumnsPerFileSystem()
    {
        var files = new[]
        {
            Result("a.json", 16, "ufs", 83.8, 79.1),
            Result("b.json", 16, "pvfs", 156.7, 157.3),
            Result("c.json", 25, "ufs", 80.0, 100.0),
            Result("d.json", 25, "ufs", 90.0, 110.0),
            Result("e.json", 36, "pvfs", 232.3, 230.7, verified: false),
        };
        var run = BtioProgram.RunPlain(["report", .. files]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Transcript);
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.That(lines, Does.Contain("| processes | local read | local write | pvfs read | pvfs write |"));
        Assert.That(lines, Does.Contain("| 16 | 83.8 | 79.1 | 156.7 | 157.3 |"));
        Assert.That(lines, Does.Contain("| 25 | 85.0 (n=2) | 105.0 (n=2) | – | – |"));
        Assert.That(lines, Does.Contain("| 36 | – | – | 232.3 ✗ | 230.7 ✗ |"));
        Assert.That(run.Output, Does.Contain("class C (162x162x162), subtype full"));
    }

    [Test]
    public void Report_OutOption_WritesTableToFile()
    {
        string outFile = _dir.File("table.md");
        var run = BtioProgram.RunPlain("report", "--out", outFile, Result("a.json", 4, "ufs", 10, 20));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Transcript);
        Assert.That(File.ReadAllText(outFile), Does.Contain("| 4 | 10.0 | 20.0 |"));
    }

    [Test]
    public void Report_MissingFile_ExitsTwoWithMessage()
    {
        var run = BtioProgram.RunPlain("report", _dir.File("none.json"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error, Does.Contain("no such result file"));
    }

    [Test]
    public void Report_NotAResult_ExitsTwoWithMessage()
    {
        string path = _dir.File("other.json");
        File.WriteAllText(path, """{ "benchmark": "IOR" }""");
        var run = BtioProgram.RunPlain("report", path);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error, Does.Contain("is not a BT-IO JSON result"));
    }

    [Test]
    public void Report_NoFiles_ExitsTwoWithMessage()
    {
        var run = BtioProgram.RunPlain("report");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error, Does.Contain("needs one or more JSON result files"));
    }

    [Test]
    public void Report_MpichPeerResult_ColumnLocalMpich()
    {
        string json = _dir.File("peer.json");
        var peer = MpiRun.Run("mpiexec", ["-n", "1", CPrograms.Path("btio_peer"), "S", _dir.File("peer.out"), "--json", json], BtioProgram.Timeout);
        Assert.That(peer.ExitCode, Is.EqualTo(0), peer.Transcript);
        var run = BtioProgram.RunPlain("report", json);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Transcript);
        Assert.That(run.Output, Does.Contain("| processes | local (MPICH) read | local (MPICH) write |"));
        Assert.That(run.Output, Does.Match(@"\| 1 \| \d+\.\d \| \d+\.\d \|"));
    }
}
