using MpiIo.Paper.Report;
using MpiIo.Paper.Workload;

namespace MpiIo.Paper.Stats;

/// <summary>Reduces raw repetitions to one summary per case and pairs MpiIo cases with their MPICH twins.</summary>
internal static class Summaries
{
    /// <summary>One summary per case that has results, in case order.</summary>
    public static List<PointSummary> Reduce(IReadOnlyList<ResultRow> rows, int drop)
    {
        var byCase = new SortedDictionary<int, List<ResultRow>>();
        foreach (ResultRow r in rows)
        {
            if (!byCase.TryGetValue(r.Case.Id, out List<ResultRow>? list))
                byCase[r.Case.Id] = list = [];
            list.Add(r);
        }
        var plain = new List<PointSummary>();
        foreach (List<ResultRow> list in byCase.Values)
        {
            int d = list.Count >= 2 * drop + 1 ? drop : 0;
            var w = new double[list.Count];
            var rd = new double[list.Count];
            long bad = 0;
            for (int i = 0; i < list.Count; i++)
            {
                w[i] = list[i].WriteMBps;
                rd[i] = list[i].ReadMBps;
                bad += list[i].BadBytes;
            }
            plain.Add(new PointSummary(list[0].Case, list.Count, TrimmedMean.Of(w, d), TrimmedMean.Of(rd, d), null, null, bad));
        }
        var result = new List<PointSummary>(plain.Count);
        foreach (PointSummary s in plain)
        {
            PointSummary? twin = s.Case.Impl == PaperImpl.MpiIo ? plain.Find(o => IsTwin(s.Case, o.Case)) : null;
            result.Add(twin == null ? s : s with { WriteRatio = s.WriteMBps / twin.WriteMBps, ReadRatio = s.ReadMBps / twin.ReadMBps });
        }
        return result;
    }

    /// <summary>Whether <paramref name="peer"/> is MPICH's run of the same point as <paramref name="mine"/>.</summary>
    public static bool IsTwin(PaperCase mine, PaperCase peer) =>
        peer.Impl == PaperImpl.Mpich && mine.Impl == PaperImpl.MpiIo && peer.Fs == mine.Fs && peer.Api == mine.Api && peer.Ranks == mine.Ranks
        && peer.BlockBytes == mine.BlockBytes && peer.RequestBytes == mine.RequestBytes && peer.Sweep == mine.Sweep;

    /// <summary>Kept (trimmed) repetitions of every case matching <paramref name="select"/>, as (ranks, MB/s) observations.</summary>
    public static List<(double X, double Y)> Observations(IReadOnlyList<ResultRow> rows, Func<PaperCase, bool> select, bool read, int drop)
    {
        var byCase = new SortedDictionary<int, List<double>>();
        var ranks = new Dictionary<int, int>();
        foreach (ResultRow r in rows)
        {
            if (!select(r.Case))
                continue;
            if (!byCase.TryGetValue(r.Case.Id, out List<double>? list))
                byCase[r.Case.Id] = list = [];
            list.Add(read ? r.ReadMBps : r.WriteMBps);
            ranks[r.Case.Id] = r.Case.Ranks;
        }
        var points = new List<(double X, double Y)>();
        foreach (var (id, values) in byCase)
        {
            int d = values.Count >= 2 * drop + 1 ? drop : 0;
            foreach (double v in TrimmedMean.Kept(values, d))
                points.Add((ranks[id], v));
        }
        return points;
    }
}
