using System.Globalization;
using System.Text;
using MpiIo.Paper.Workload;

namespace MpiIo.Paper.Report;

/// <summary>summary.md, and the table the main job prints: pivots of the point summaries, the fits and the plots.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The whole summary.md.</summary>
    public static string Summary(ReportData d)
    {
        var s = new StringBuilder();
        MachineInfo m = d.Machine;
        s.AppendLine(Inv, $"# PVFS paper §4.1 benchmark ({d.Label} sweep)");
        s.AppendLine();
        s.AppendLine("| machine | |");
        s.AppendLine("|---|---|");
        s.AppendLine(Inv, $"| host | {m.Host}, {m.Os} |");
        s.AppendLine(Inv, $"| CPU | {m.Cpu}, {m.Cores} cores |");
        s.AppendLine(Inv, $"| memory | {m.MemoryBytes / (double)(1L << 30):F1} GiB |");
        s.AppendLine(Inv, $"| MPI | {m.Mpich}; {m.DotNet} |");
        s.AppendLine(Inv, $"| local file system | {m.LocalStorage} |");
        s.AppendLine(Inv, $"| striped file system | {d.ServerAddresses.Count - 1} I/O servers + 1 metadata server on loopback, in the driver process; storage {m.PvfsStorage} |");
        s.AppendLine(Inv, $"| TCP loopback | {m.LoopbackMBps:F0} MB/s (one stream, 1 MiB writes, best of 3) |");
        s.AppendLine(Inv, $"| started | {m.Started} |");
        s.AppendLine();
        s.AppendLine(Inv, $"Every rank writes one contiguous block of a new shared file at a disjoint offset, closes, reopens and reads it back; barriers around each operation; an operation's time is the slowest rank's. Each point ran {d.Reps} times; the {d.Drop} best and {d.Drop} worst were dropped and the rest averaged. MB/s = 10⁶ bytes/s of all ranks together. Rank counts marked `*` exceed the {m.Cores} cores (oversubscribed).");
        s.AppendLine();
        s.Append(Tables(d));
        if (d.Fits.Count > 0)
        {
            s.AppendLine("## Fitted curves");
            s.AppendLine();
            s.AppendLine("A line through the first part (MB/s per added compute process; negative when the curve falls), then a constant plateau; the split with the lowest BIC wins, and the knee is where line and plateau meet. Intervals: 95%, Student t over the kept repetitions.");
            s.AppendLine();
            s.AppendLine("| series | op | slope MB/s per added process [95% CI] | knee (processes) | plateau MB/s [95% CI] |");
            s.AppendLine("|---|---|---|---|---|");
            foreach (CurveFitRow f in d.Fits)
            {
                string plateau = f.Fit.HasPlateau ? $"{f.Fit.Plateau:F0} [{F(f.Fit.PlateauLow)}, {F(f.Fit.PlateauHigh)}]" : $"none seen (last fitted {f.Fit.Plateau:F0})";
                s.AppendLine(Inv, $"| {f.Series} | {f.Operation} | {f.Fit.Slope:F0} [{F(f.Fit.SlopeLow)}, {F(f.Fit.SlopeHigh)}] | {f.Fit.Knee:0} | {plateau} |");
            }
            s.AppendLine();
        }
        if (d.Plots.Count > 0)
        {
            s.AppendLine("## Plots");
            s.AppendLine();
            foreach (string p in d.Plots)
                s.AppendLine(Inv, $"![{p}]({p})");
            s.AppendLine();
        }
        s.AppendLine("## Every point");
        s.AppendLine();
        s.AppendLine("| case | impl | fs | api | sweep | ranks | I/O servers | block | request | write MB/s | read MB/s | write ÷ MPICH | read ÷ MPICH |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (PointSummary p in d.Summaries)
        {
            PaperCase c = p.Case;
            s.AppendLine(Inv, $"| {c.Id} | {c.Impl} | {c.Fs} | {c.Api} | {c.Sweep} | {RankLabel(c.Ranks, m.Cores)} | {(c.IoServers > 0 ? c.IoServers.ToString(Inv) : "–")} | {Bytes(c.BlockBytes)} | {Bytes(c.RequestBytes)} | {p.WriteMBps:F0} | {p.ReadMBps:F0} | {Ratio(p.WriteRatio)} | {Ratio(p.ReadRatio)} |");
        }
        s.AppendLine();
        if (d.Failures.Count > 0)
        {
            s.AppendLine("## Failures");
            s.AppendLine();
            foreach (string f in d.Failures)
                s.AppendLine(Inv, $"- {f}");
            s.AppendLine();
        }
        s.AppendLine("Raw data: `results.csv`, `results.json` (one row per repetition); rank output: `launch.log`.");
        return s.ToString();
    }

    /// <summary>The pivot tables (also what the main job prints): bandwidth by ranks, ratios to MPICH, MPI-IO ÷ native, request sizes.</summary>
    public static string Tables(ReportData d)
    {
        var s = new StringBuilder();
        int cores = d.Machine.Cores;
        var scaling = d.Summaries.Where(p => p.Case.Sweep == Driver.SweepPlan.Scaling).ToList();
        if (scaling.Count > 0)
        {
            s.AppendLine("## Bandwidth against compute processes (MB/s, write / read)");
            s.AppendLine();
            Pivot(s, scaling, p => SeriesName(p.Case), p => p.Case.Ranks, r => RankLabel((int)r, cores), p => $"{p.WriteMBps:F0} / {p.ReadMBps:F0}");
            var withTwin = scaling.Where(p => p.WriteRatio != null).ToList();
            if (withTwin.Count > 0)
            {
                s.AppendLine("## MpiIo ÷ MPICH's MPI-IO, same workload (write / read)");
                s.AppendLine();
                Pivot(s, withTwin, p => SeriesName(p.Case), p => p.Case.Ranks, r => RankLabel((int)r, cores), p => $"{Ratio(p.WriteRatio)} / {Ratio(p.ReadRatio)}");
            }
            var mpiVsNative = MpiIoOverNative(scaling);
            if (mpiVsNative.Count > 0)
            {
                s.AppendLine("## MPI-IO ÷ native API on the striped file system (write / read; the paper's Figure 7)");
                s.AppendLine();
                Pivot(s, mpiVsNative, p => SeriesName(p.Case), p => p.Case.Ranks, r => RankLabel((int)r, cores), p => $"{Ratio(p.WriteRatio)} / {Ratio(p.ReadRatio)}");
            }
        }
        var requests = d.Summaries.Where(p => p.Case.Sweep == Driver.SweepPlan.RequestSize).ToList();
        if (requests.Count > 0)
        {
            s.AppendLine(Inv, $"## Request size (MB/s, write / read; {requests[0].Case.Ranks} ranks, {Bytes(requests[0].Case.BlockBytes)} per rank)");
            s.AppendLine();
            Pivot(s, requests, p => SeriesName(p.Case), p => p.Case.RequestBytes, r => Bytes((long)r), p => $"{p.WriteMBps:F0} / {p.ReadMBps:F0}" + (p.WriteRatio != null ? $" ({Ratio(p.WriteRatio)} / {Ratio(p.ReadRatio)})" : ""));
            s.AppendLine("In parentheses: MpiIo ÷ MPICH.");
            s.AppendLine();
        }
        return s.ToString();
    }

    /// <summary>MPI-IO points of the striped file system with their ratio to the native API's point in the ratio fields.</summary>
    public static List<PointSummary> MpiIoOverNative(IReadOnlyList<PointSummary> points)
    {
        var list = new List<PointSummary>();
        foreach (PointSummary p in points)
        {
            if (p.Case.Fs != PaperFs.Pvfs || p.Case.Api == PaperApi.Native || p.Case.Impl != PaperImpl.MpiIo)
                continue;
            PointSummary? native = points.FirstOrDefault(n => n.Case.Fs == PaperFs.Pvfs && n.Case.Api == PaperApi.Native && n.Case.Ranks == p.Case.Ranks
                && n.Case.IoServers == p.Case.IoServers && n.Case.BlockBytes == p.Case.BlockBytes && n.Case.RequestBytes == p.Case.RequestBytes);
            if (native != null)
                list.Add(p with { WriteRatio = p.WriteMBps / native.WriteMBps, ReadRatio = p.ReadMBps / native.ReadMBps });
        }
        return list;
    }

    /// <summary>A series' name: "pvfs native, 4 I/O servers", "local collective (MPICH)".</summary>
    public static string SeriesName(PaperCase c)
    {
        string api = c.Api switch { PaperApi.Native => c.Fs == PaperFs.Pvfs ? "native" : "POSIX", PaperApi.Independent => "MPI-IO independent", _ => "MPI-IO collective" };
        string fs = c.Fs == PaperFs.Pvfs ? $"pvfs, {c.IoServers} I/O server{(c.IoServers == 1 ? "" : "s")}" : "local";
        return c.Impl == PaperImpl.Mpich ? $"{fs}, {api} (MPICH)" : $"{fs}, {api}";
    }

    private static void Pivot(StringBuilder s, IReadOnlyList<PointSummary> points, Func<PointSummary, string> row, Func<PointSummary, double> column,
        Func<double, string> columnLabel, Func<PointSummary, string> cell)
    {
        var columns = new SortedSet<double>();
        var rows = new List<string>();
        foreach (PointSummary p in points)
        {
            columns.Add(column(p));
            if (!rows.Contains(row(p)))
                rows.Add(row(p));
        }
        s.Append("| series |");
        foreach (double c in columns)
            s.Append(Inv, $" {columnLabel(c)} |");
        s.AppendLine();
        s.Append("|---|");
        foreach (double _ in columns)
            s.Append("---|");
        s.AppendLine();
        foreach (string r in rows)
        {
            s.Append(Inv, $"| {r} |");
            foreach (double c in columns)
            {
                PointSummary? p = points.FirstOrDefault(x => row(x) == r && column(x) == c);
                s.Append(Inv, $" {(p == null ? "" : cell(p))} |");
            }
            s.AppendLine();
        }
        s.AppendLine();
    }

    /// <summary>"4*" when the rank count exceeds the cores, else "4".</summary>
    public static string RankLabel(int ranks, int cores) => ranks > cores ? $"{ranks}*" : ranks.ToString(Inv);

    /// <summary>A byte count as "64 KiB", "4 MiB".</summary>
    public static string Bytes(long b) => b >= 1 << 20 && b % (1 << 20) == 0 ? $"{b >> 20} MiB" : b >= 1 << 10 && b % (1 << 10) == 0 ? $"{b >> 10} KiB" : $"{b} B";

    private static string Ratio(double? r) => r is double x ? x.ToString("F2", Inv) : "–";

    private static string F(double v) => double.IsFinite(v) ? v.ToString("F0", Inv) : "–";
}
