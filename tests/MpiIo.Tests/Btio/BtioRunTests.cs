using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Btio;

/// <summary>
/// The btio program end to end under <c>mpiexec</c>: class S in every subtype at 1 and 4 ranks, verified by
/// the program and, with <c>--content index</c>, by reading the file(s) here — the shared file must read
/// 0, 1, 2, … as doubles, which only holds when the multipartition covers every point exactly once.
/// </summary>
[TestFixture]
public class BtioRunTests
{
    private const int ClassSGrid = 12, ClassSDumps = 12;
    private TestDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TestDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [TestCase(1, "full")]
    [TestCase(4, "full")]
    [TestCase(1, "simple")]
    [TestCase(4, "simple")]
    public void Run_ClassSIndexContentSharedFile_VerifiesAndFileCountsUp(int ranks, string subtype)
    {
        string json = _dir.File("r.json");
        var run = BtioProgram.Run(ranks, "--class", "S", "--subtype", subtype, "--content", "index", "--dir", _dir.Path, "--json", json);
        BtioProgram.AssertVerified(run);
        var values = BtioProgram.ReadDoubles(_dir.File($"btio.{subtype}.out"));
        Assert.That(values, Has.Length.EqualTo(ClassSDumps * BtioProgram.DumpBytes(ClassSGrid) / 8));
        for (int i = 0; i < values.Length; i++)
            if (values[i] != i) Assert.Fail($"double {i} of the file holds {values[i]}");
        var r = BtioProgram.ReadJson(json);
        Assert.Multiple(() =>
        {
            Assert.That(r.GetProperty("verified").GetBoolean(), Is.True);
            Assert.That(r.GetProperty("processes").GetInt32(), Is.EqualTo(ranks));
            Assert.That(r.GetProperty("subtype").GetString(), Is.EqualTo(subtype));
            Assert.That(r.GetProperty("dumps").GetInt32(), Is.EqualTo(ClassSDumps));
            Assert.That(r.GetProperty("file_bytes").GetInt64(), Is.EqualTo(values.Length * 8L));
            Assert.That(r.GetProperty("bytes_read").GetInt64(), Is.EqualTo(values.Length * 8L));
            Assert.That(r.GetProperty("write_mbps").GetDouble(), Is.GreaterThan(0));
            Assert.That(r.GetProperty("read_mbps").GetDouble(), Is.GreaterThan(0));
            Assert.That(r.GetProperty("collective_path").GetString(), subtype == "full" ? Is.Not.Empty : Is.Empty);
        });
    }

    [TestCase(1)]
    [TestCase(4)]
    public void Run_ClassSIndexContentEpio_EachRankFileHoldsItsOwnPointsOnce(int ranks)
    {
        var run = BtioProgram.Run(ranks, "--class", "S", "--subtype", "epio", "--content", "index", "--dir", _dir.Path);
        BtioProgram.AssertVerified(run);
        // Every rank's file holds its points in its own order; together they hold every index exactly once.
        long total = ClassSDumps * BtioProgram.DumpBytes(ClassSGrid) / 8;
        var seen = new bool[total];
        for (int r = 0; r < ranks; r++)
        {
            var values = BtioProgram.ReadDoubles(_dir.File($"btio.epio.out.{r:D6}"));
            Assert.That(values, Has.Length.EqualTo(total / ranks), $"rank {r}'s file");
            foreach (double v in values)
            {
                long i = (long)v;
                Assert.That(v == i && i >= 0 && i < total && !seen[i], Is.True, $"rank {r}'s file holds {v}, not a new index");
                seen[i] = true;
            }
        }
        Assert.That(Directory.GetFiles(_dir.Path), Has.Length.EqualTo(ranks));
    }

    [Test]
    public void Run_SolutionContentWithComputeSyncThenDelete_VerifiesDumpsDifferAndFileDeleted()
    {
        // Keep a copy of the file by running once without --delete, then once more with it.
        var kept = BtioProgram.Run(4, "--class", "S", "--dir", _dir.Path, "--compute-ms", "1", "--compute", "sleep", "--sync");
        BtioProgram.AssertVerified(kept);
        var values = BtioProgram.ReadDoubles(_dir.File("btio.full.out"));
        long perDump = BtioProgram.DumpBytes(ClassSGrid) / 8;
        Assert.That(values, Has.Length.EqualTo(ClassSDumps * perDump));
        Assert.That(values.AsSpan(0, (int)perDump).SequenceEqual(values.AsSpan((int)perDump, (int)perDump)), Is.False, "dumps 0 and 1 are equal");
        Assert.That(values[1], Is.Not.EqualTo(1.0), "the default content is not the index");
        Assert.That(values.All(double.IsFinite), Is.True);

        string json = _dir.File("d.json");
        var deleted = BtioProgram.Run(1, "--class", "S", "--dir", _dir.Path, "--delete", "--json", json);
        BtioProgram.AssertVerified(deleted);
        Assert.That(File.Exists(_dir.File("btio.full.out")), Is.False);
        Assert.That(BtioProgram.ReadJson(json).GetProperty("content").GetString(), Is.EqualTo("solution"));
    }

    [Test]
    public void Help_OneRank_PrintsUsageAndExitsZero()
    {
        var run = BtioProgram.Run(1, "--help");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Transcript);
        Assert.That(run.Output, Does.Contain("--subtype full|simple|epio"));
        Assert.That(run.Output, Does.Contain("btio report"));
    }
}
