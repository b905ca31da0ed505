using System.Globalization;
using System.Text;
using MpiIo.Paper.Report;
using MpiIo.Paper.Workload;

namespace MpiIo.Paper.PvfsBench;

/// <summary>Everything one run of <c>MpiIo.Paper pvfs</c> measured.</summary>
internal sealed record PvfsBenchResult(PvfsBenchOptions Options, string Started, string Host, int Cores, string LoadBefore, string LoadAfter,
    string Storage, double Loopback1MBps, double Loopback2MBps, double LocalWriteMBps, double LocalReadMBps, IReadOnlyList<PointSummary> Bandwidth, IReadOnlyList<LatencySummary> Latency,
    IReadOnlyList<string> Failures)
{
    /// <summary>The loopback figure the percentages refer to: the better of one and two streams.</summary>
    public double LoopbackMBps => Math.Max(Loopback1MBps, Loopback2MBps);
}

/// <summary>The benchmark's printed report: Markdown tables, ready to paste into a document.</summary>
internal static class PvfsBenchReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The whole report.</summary>
    public static string Format(PvfsBenchResult r)
    {
        PvfsBenchOptions o = r.Options;
        var s = new StringBuilder();
        s.AppendLine(Inv, $"# Striped file system on loopback ({r.Started}, {r.Host}, {r.Cores} cores)");
        s.AppendLine();
        s.AppendLine(Inv, $"Load average (1, 5, 15 min): {r.LoadBefore} before, {r.LoadAfter} after.");
        s.AppendLine(Inv, $"Servers: 1 metadata + {o.Servers.Max()} I/O servers on 127.0.0.1 in one process, sync none, storage {r.Storage}; stripe {MarkdownReport.Bytes(o.Stripe)}.");
        s.AppendLine(Inv, $"TCP loopback, measured before every round of this run (C# socket pair, 1 MiB writes, best of 2 × 0.3 s), median of the rounds: 1 stream {r.Loopback1MBps:F0} MB/s, 2 streams {r.Loopback2MBps:F0} MB/s; the better one, {r.LoopbackMBps:F0} MB/s, is \"TCP\" below.");
        s.AppendLine(Inv, $"The servers' storage folder, measured before every round (one process, pwrite then pread of a new {MarkdownReport.Bytes(o.Size)} file in {MarkdownReport.Bytes(o.Request)} calls), median of the rounds: write {r.LocalWriteMBps:F0} MB/s, read {r.LocalReadMBps:F0} MB/s; \"local\" below.");
        s.AppendLine();
        string how = o.Rounds >= 3 ? $"mean of {o.Rounds} rounds without the best and the worst" : $"mean of {o.Rounds} round{(o.Rounds == 1 ? "" : "s")}";
        how += " (a round: the references, then every point once)";
        s.AppendLine(Inv, $"## Bandwidth: {MarkdownReport.Bytes(o.Request)} requests, {MarkdownReport.Bytes(o.Size)} per rank");
        s.AppendLine();
        s.AppendLine(Inv, $"MB/s = 10⁶ bytes of all ranks per second of the slowest rank; {how}; every read checked. In parentheses: % of TCP · % of local (the same operation).");
        s.AppendLine();
        s.AppendLine("| I/O servers | ranks | native write | native read | MPI-IO write | MPI-IO read |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (int servers in o.Servers)
        {
            foreach (int ranks in o.Ranks)
            {
                s.Append(Inv, $"| {servers} | {ranks} |");
                foreach (PaperApi api in new[] { PaperApi.Native, PaperApi.Independent })
                {
                    PointSummary? p = Find(r.Bandwidth, servers, ranks, api);
                    s.Append(Cell(p?.WriteMBps, r.LoopbackMBps, r.LocalWriteMBps)).Append(Cell(p?.ReadMBps, r.LoopbackMBps, r.LocalReadMBps));
                }
                s.AppendLine();
            }
        }
        s.AppendLine();
        s.AppendLine(Inv, $"## Small requests: {MarkdownReport.Bytes(o.SmallRequest)}, one client, file on {o.Servers.Max()} I/O servers, {o.LatencyOps} requests per point");
        s.AppendLine();
        s.AppendLine("Time from issue to completion; queue depth 32 keeps 32 asynchronous native calls in flight.");
        s.AppendLine();
        s.AppendLine("| op | queue depth | mean µs | p50 µs | p99 µs | IOPS |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (LatencySummary l in r.Latency)
            s.AppendLine(Inv, $"| {l.Operation} | {l.QueueDepth} | {l.MeanMicros:F1} | {l.P50Micros:F1} | {l.P99Micros:F1} | {l.Iops:F0} |");
        foreach (string f in r.Failures)
            s.AppendLine("FAILED: " + f);
        return s.ToString();
    }

    private static PointSummary? Find(IReadOnlyList<PointSummary> points, int servers, int ranks, PaperApi api)
    {
        foreach (PointSummary p in points)
            if (p.Case.IoServers == servers && p.Case.Ranks == ranks && p.Case.Api == api)
                return p;
        return null;
    }

    private static string Cell(double? mbps, double loopback, double local)
        => mbps is double v ? string.Create(Inv, $" {v:F0} ({Percent(v, loopback)} · {Percent(v, local)}) |") : " – |";

    private static string Percent(double v, double of) => of > 0 ? string.Create(Inv, $"{v / of * 100:F0}%") : "–";
}
