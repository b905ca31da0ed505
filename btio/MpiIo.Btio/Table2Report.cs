using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MpiIo.Btio;

/// <summary>
/// <c>btio report</c>: turns JSON results into Markdown tables shaped like the PVFS paper's Table 2 — read
/// and write MB/s against the number of processes, one pair of columns per file system. One table per
/// class and subtype; several runs of the same point are averaged (their count is shown).
/// </summary>
public static class Table2Report
{
    /// <summary>Reads the JSON results in <paramref name="paths"/>.</summary>
    /// <exception cref="UsageException">A file that is missing or not a BT-IO result.</exception>
    public static List<BtioResult> Load(IEnumerable<string> paths)
    {
        var results = new List<BtioResult>();
        foreach (var p in paths)
        {
            if (!File.Exists(p)) throw new UsageException($"no such result file '{p}'.");
            BtioResult? r;
            try { r = JsonSerializer.Deserialize(File.ReadAllText(p), BtioJson.Default.BtioResult); }
            catch (JsonException e) { throw new UsageException($"'{p}' is not a BT-IO JSON result: {e.Message}"); }
            if (r == null || r.Benchmark != "BT-IO" || r.Processes <= 0) throw new UsageException($"'{p}' is not a BT-IO JSON result.");
            results.Add(r);
        }
        return results;
    }

    /// <summary>The Markdown tables for <paramref name="results"/>.</summary>
    public static string Render(IReadOnlyList<BtioResult> results)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var groups = results.GroupBy(r => (r.Class, r.Subtype)).OrderBy(g => "SWABC".IndexOf(g.Key.Class, StringComparison.Ordinal)).ThenBy(g => g.Key.Subtype, StringComparer.Ordinal);
        foreach (var g in groups)
        {
            var first = g.First();
            var systems = g.Select(r => r.FileSystem).Distinct().OrderBy(s => s == "ufs" ? "" : s, StringComparer.Ordinal).ToList();
            sb.Append(inv, $"BT-IO performance (MB/s), class {g.Key.Class} ({first.Grid}x{first.Grid}x{first.Grid}), subtype {g.Key.Subtype}, {first.Dumps} dumps of {first.Grid * (long)first.Grid * first.Grid * 40 / 1e6:F1} MB\n\n");
            sb.Append("| processes |");
            foreach (var s in systems) sb.Append(inv, $" {Label(s)} read | {Label(s)} write |");
            sb.Append("\n|---:|");
            foreach (var _ in systems) sb.Append("---:|---:|");
            sb.Append('\n');
            foreach (int p in g.Select(r => r.Processes).Distinct().Order())
            {
                sb.Append(inv, $"| {p} |");
                foreach (var s in systems)
                {
                    var runs = g.Where(r => r.Processes == p && r.FileSystem == s).ToList();
                    if (runs.Count == 0) { sb.Append(" – | – |"); continue; }
                    string n = runs.Count > 1 ? $" (n={runs.Count})" : "";
                    string bad = runs.Any(r => !r.Verified) ? " ✗" : "";
                    sb.Append(inv, $" {runs.Average(r => r.ReadMbps):F1}{n}{bad} | {runs.Average(r => r.WriteMbps):F1}{n}{bad} |");
                }
                sb.Append('\n');
            }
            sb.Append('\n');
        }
        if (results.Any(r => !r.Verified)) sb.Append("✗: verification failed in at least one of the runs averaged.\n");
        return sb.ToString();
    }

    // "mpich-ufs" is tests/c/btio_peer.c: the same I/O through MPICH's ROMIO on the local file system.
    private static string Label(string fileSystem) => fileSystem switch
    {
        "ufs" => "local",
        "mpich-ufs" => "local (MPICH)",
        _ => fileSystem,
    };
}
