using MpiIo.Paper.Driver;
using MpiIo.Paper.Workload;

namespace MpiIo.Tests.Paper;

public class PlanAndOptionsTests
{
    [Test]
    public void Parse_ShortThenOverrides_LaterOptionsWin()
    {
        PaperOptions o = PaperOptions.Parse(["--short", "--ranks", "1,3", "--block", "64k", "--requests", "none", "--quiet"]);
        Assert.That(o.Ranks, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(o.IoServers, Is.EqualTo(new[] { 1, 2, 4 }));
        Assert.That(o.Block, Is.EqualTo(64 << 10));
        Assert.That(o.Requests, Is.Empty);
        Assert.That(o.Quiet, Is.True);
    }

    [TestCase("--ranks", "0")]
    [TestCase("--ranks", "x")]
    [TestCase("--block", "3t")]
    [TestCase("--apis", "posix")]
    [TestCase("--fs", "nfs")]
    [TestCase("--bogus", "1")]
    public void Parse_BadValue_ThrowsNamingTheOption(string option, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => PaperOptions.Parse([option, value]));
        Assert.That(e!.Message, Does.Contain(option));
    }

    [Test]
    public void Parse_RepsTooFewToDrop_Throws()
    {
        Assert.Throws<ArgumentException>(() => PaperOptions.Parse(["--reps", "2", "--drop", "1"]));
    }

    [Test]
    public void Size_Suffixes_AreBinary()
    {
        Assert.That(PaperOptions.Size("64k", "x"), Is.EqualTo(65536));
        Assert.That(PaperOptions.Size("16MiB", "x"), Is.EqualTo(16L << 20));
        Assert.That(PaperOptions.Size("1g", "x"), Is.EqualTo(1L << 30));
    }

    [Test]
    public void Build_DefaultSweep_PaperBlockSizesPeersAndRequestSweep()
    {
        List<PaperCase> plan = SweepPlan.Build(new PaperOptions(), "/tmp/x");
        PaperCase c = plan.First(p => p.Fs == PaperFs.Pvfs && p.IoServers == 8 && p.Ranks == 6 && p.Api == PaperApi.Native);
        Assert.That(c.BlockBytes, Is.EqualTo(16L << 20));
        Assert.That(c.RequestBytes, Is.EqualTo(c.BlockBytes));
        Assert.That(plan.Count(p => p.Impl == PaperImpl.Mpich && p.Sweep == SweepPlan.Scaling), Is.EqualTo(5 * 2));
        Assert.That(plan.Where(p => p.Sweep == SweepPlan.RequestSize).Select(p => p.RequestBytes).Distinct().Count(), Is.EqualTo(5));
        Assert.That(plan.Select(p => p.Id), Is.EqualTo(Enumerable.Range(0, plan.Count)));
        Assert.That(plan.Where(p => p.Fs == PaperFs.Local).All(p => p.Path.StartsWith("/tmp/x/", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void PaperCase_ToLine_ParsesBack()
    {
        var c = new PaperCase(7, PaperImpl.Mpich, PaperFs.Local, PaperApi.Collective, 4, 0, 1 << 20, 65536, 65536, "/tmp/a b", "request");
        Assert.That(PaperCase.Parse(c.ToLine()), Is.EqualTo(c));
        Assert.Throws<FormatException>(() => PaperCase.Parse("1\t2"));
    }

    [Test]
    public void ParseResult_ResultLine_ReadsRowOtherLinesNull()
    {
        var c = new PaperCase(3, PaperImpl.MpiIo, PaperFs.Pvfs, PaperApi.Native, 2, 1, 1000, 1000, 65536, "/paper/c3", "scaling");
        var cases = new Dictionary<int, PaperCase> { [3] = c };
        var row = PaperDriver.ParseResult("result 3 1 0.5 0.25 0", cases)!;
        Assert.That(row.WriteMBps, Is.EqualTo(2000 / 0.5 / 1e6).Within(1e-12));
        Assert.That(row.Rep, Is.EqualTo(1));
        Assert.That(PaperDriver.ParseResult("result 9 1 0.5 0.25 0", cases), Is.Null);
        Assert.That(PaperDriver.ParseResult("hello", cases), Is.Null);
    }

    [Test]
    public void Pattern_CountBad_CountsDifferingBytes()
    {
        byte[] a = new byte[100], b = new byte[100];
        Pattern.Fill(a, 1, 2);
        Pattern.Fill(b, 1, 2);
        Assert.That(Pattern.CountBad(a, b), Is.Zero);
        b[5] ^= 1;
        b[99] ^= 1;
        Assert.That(Pattern.CountBad(a, b), Is.EqualTo(2));
        Pattern.Fill(b, 2, 2);
        Assert.That(Pattern.CountBad(a, b), Is.GreaterThan(90));
    }
}
