using System.Text.Json;
using MpiIo.Paper.Driver;
using MpiIo.Paper.Report;
using MpiIo.Paper.Stats;
using MpiIo.Paper.Workload;

namespace MpiIo.Tests.Paper;

public class ReportWriterTests
{
    private static readonly MachineInfo Machine = new("host", "Linux", "cpu", 2, 1L << 34, "MPICH 4.0.2", ".NET 10", "ext4 on / (/dev/vda), 77 GiB free", "ext4 on /", 2900, "now");

    private static PaperCase Case(int id, PaperImpl impl, PaperApi api, int ranks) =>
        new(id, impl, PaperFs.Local, api, ranks, 0, 1 << 20, 1 << 20, 65536, $"/tmp/c{id}", SweepPlan.Scaling);

    // MpiIo independent at 1 and 4 ranks, MPICH's twin at 1 rank; every case 3 repetitions.
    private static ReportData Data()
    {
        var rows = new List<ResultRow>();
        PaperCase[] cases = [Case(0, PaperImpl.MpiIo, PaperApi.Independent, 1), Case(1, PaperImpl.MpiIo, PaperApi.Independent, 4), Case(2, PaperImpl.Mpich, PaperApi.Independent, 1)];
        foreach (PaperCase c in cases)
            for (int rep = 0; rep < 3; rep++)
                rows.Add(new ResultRow(c, rep, 0.01 * (c.Id + 1) + rep * 0.001, 0.005, 0));
        var o = new PaperOptions { Reps = 3, Drop = 1, Label = "test" };
        return PaperDriver.Build(o, Machine, ["127.0.0.1:1", "127.0.0.1:2"], rows, []);
    }

    [Test]
    public void Summaries_MpiIoCaseWithMpichTwin_CarriesRatio()
    {
        ReportData d = Data();
        PointSummary mine = d.Summaries.Single(s => s.Case.Id == 0);
        PointSummary peer = d.Summaries.Single(s => s.Case.Id == 2);
        Assert.That(mine.WriteRatio, Is.EqualTo(mine.WriteMBps / peer.WriteMBps).Within(1e-12));
        Assert.That(d.Summaries.Single(s => s.Case.Id == 1).WriteRatio, Is.Null);
        // The middle of 0.010, 0.011, 0.012 s for 1 MiB.
        Assert.That(mine.WriteMBps, Is.EqualTo((1 << 20) / 0.011 / 1e6).Within(1e-9));
    }

    [Test]
    public void CsvReport_Rows_OneLinePerRepetitionWithQuotedFields()
    {
        ReportData d = Data();
        using var w = new StringWriter();
        CsvReport.Write(w, d.Rows, d.Machine);
        string[] lines = w.ToString().TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1 + 9));
        Assert.That(lines[0].TrimEnd('\r').Split(','), Is.EqualTo(CsvReport.Columns));
        Assert.That(lines[1], Does.Contain(",\"ext4 on / (/dev/vda), 77 GiB free\","));
        Assert.That(CsvReport.Quote("a,b"), Is.EqualTo("\"a,b\""));
        Assert.That(CsvReport.Quote("say \"x\""), Is.EqualTo("\"say \"\"x\"\"\""));
        Assert.That(CsvReport.Quote("plain"), Is.EqualTo("plain"));
    }

    [Test]
    public void JsonReport_Data_ParsesWithRowsSummariesAndNullForUndefinedIntervals()
    {
        ReportData d = Data();
        using var stream = new MemoryStream();
        JsonReport.Write(stream, d);
        using JsonDocument doc = JsonDocument.Parse(stream.ToArray());
        JsonElement root = doc.RootElement;
        Assert.That(root.GetProperty("rows").GetArrayLength(), Is.EqualTo(9));
        Assert.That(root.GetProperty("summary").GetArrayLength(), Is.EqualTo(3));
        Assert.That(root.GetProperty("machine").GetProperty("cores").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("machine").GetProperty("loopback_MBps").GetDouble(), Is.EqualTo(2900));
        JsonElement fit = root.GetProperty("fits").EnumerateArray().First();
        Assert.That(fit.GetProperty("series").GetString(), Is.EqualTo("local, MPI-IO independent"));
        // Two rank counts with one kept repetition each: a line through two points has no interval.
        Assert.That(fit.GetProperty("slope_ci95_low").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("summary")[1].GetProperty("oversubscribed").GetBoolean(), Is.True);
    }

    [Test]
    public void MarkdownReport_Summary_PivotsMarksOversubscriptionAndRatios()
    {
        ReportData d = Data();
        string md = MarkdownReport.Summary(d);
        Assert.That(md, Does.Contain("| series | 1 | 4* |"));
        Assert.That(md, Does.Contain("MpiIo ÷ MPICH"));
        Assert.That(md, Does.Contain("| local, MPI-IO independent (MPICH) |"));
        Assert.That(md, Does.Contain("## Fitted curves"));
        Assert.That(MarkdownReport.Bytes(64 << 10), Is.EqualTo("64 KiB"));
        Assert.That(MarkdownReport.Bytes(16 << 20), Is.EqualTo("16 MiB"));
    }

    [Test]
    public void GnuplotReport_FitExpression_PlateauAfterKneeUndefinedOutsideData()
    {
        var fit = new CurveFitRow("s", "write", new CurveFit(100, 90, 110, 0, 4, 400, 390, 410, true, 18));
        Assert.That(GnuplotReport.FitExpression(fit, 1, 8), Is.EqualTo("((x<1 || x>8) ? 1/0 : (x<=4 ? (0+100*x) : 400))"));
    }

    [Test]
    public void ProgressLine_Render_ShowsPercentAndEta()
    {
        string line = ProgressLine.Render(50, 100, 30, "pvfs");
        Assert.That(line, Does.StartWith("[###############..............."));
        Assert.That(line, Does.Contain(" 50%"));
        Assert.That(line, Does.Contain("ETA 0:30"));
        Assert.That(line, Does.EndWith("pvfs"));
    }
}
