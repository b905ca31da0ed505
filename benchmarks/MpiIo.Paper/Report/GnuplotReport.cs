using System.Diagnostics;
using System.Globalization;
using System.Text;
using MpiIo.Paper.Workload;

namespace MpiIo.Paper.Report;

/// <summary>
/// The report's plots: data files per series and one gnuplot script (<c>plots.gp</c>), rendered to PNG with
/// pngcairo. Figures: bandwidth against compute processes per I/O-server count, write and read (the paper's Figures 5
/// and 6, native API, with the fitted rise-and-plateau dashed), MPI-IO against native (Figure 7), the local file
/// system against MPICH, and the request-size sweep.
/// </summary>
internal static class GnuplotReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes data and script into <paramref name="dir"/>; returns the PNG names the script makes.</summary>
    public static List<string> WriteScript(string dir, ReportData d)
    {
        var script = new StringBuilder();
        var pngs = new List<string>();
        script.AppendLine("set terminal pngcairo size 960,600 font 'sans,10'");
        script.AppendLine("set grid; set key top left; set ylabel 'MB/s (all ranks)'; set yrange [0:*]");
        var scaling = d.Summaries.Where(p => p.Case.Sweep == Driver.SweepPlan.Scaling).ToList();
        var native = Series(scaling, c => c.Fs == PaperFs.Pvfs && c.Api == PaperApi.Native && c.Impl == PaperImpl.MpiIo);
        if (native.Count > 0)
        {
            foreach (var (op, col) in new[] { ("write", 2), ("read", 3) })
            {
                string png = $"bandwidth-{op}.png";
                pngs.Add(png);
                script.AppendLine(Inv, $"set output '{png}'; set xlabel 'compute processes'; unset logscale x; set title 'native API, {op}: one curve per I/O-server count (cf. the paper''s Figures 5 and 6)'");
                var terms = new List<string>();
                int color = 1;
                foreach (var (name, points) in native)
                {
                    string file = WriteData(dir, "bw", name, points, p => p.Case.Ranks);
                    terms.Add($"'{file}' using 1:{col} with linespoints lw 2 pt 7 lc {color} title '{Escape(name)}'");
                    CurveFitRow? fit = d.Fits.FirstOrDefault(f => f.Series == name && f.Operation == op);
                    if (fit != null)
                        terms.Add($"{FitExpression(fit, points.Min(p => p.Case.Ranks), points.Max(p => p.Case.Ranks))} with lines dt 2 lc {color} notitle");
                    color++;
                }
                script.AppendLine(Inv, $"set xrange [0:*]; set samples 400; plot {string.Join(", ", terms)}");
            }
        }
        int maxServers = scaling.Count == 0 ? 0 : scaling.Max(p => p.Case.IoServers);
        var mpiio = Series(scaling, c => c.Fs == PaperFs.Pvfs && c.IoServers == maxServers && c.Impl == PaperImpl.MpiIo);
        if (mpiio.Count > 1)
            TwoPanels(script, pngs, dir, "mpiio-vs-native.png", $"MPI-IO against the native API, {maxServers} I/O servers (cf. Figure 7)", "bw", mpiio, p => p.Case.Ranks, "compute processes", false);
        var local = Series(scaling, c => c.Fs == PaperFs.Local);
        if (local.Count > 0)
            TwoPanels(script, pngs, dir, "local-vs-mpich.png", "local file system: MpiIo against MPICH's MPI-IO", "bw", local, p => p.Case.Ranks, "compute processes", false);
        var requests = Series(d.Summaries.Where(p => p.Case.Sweep == Driver.SweepPlan.RequestSize).ToList(), _ => true);
        if (requests.Count > 0)
            TwoPanels(script, pngs, dir, "request-size.png", "request size per call", "req", requests, p => p.Case.RequestBytes / 1024.0, "request size (KiB)", true, logY: true);
        File.WriteAllText(Path.Combine(dir, "plots.gp"), script.ToString());
        return pngs;
    }

    /// <summary>Runs gnuplot on plots.gp in <paramref name="dir"/>; returns an error message, or null on success.</summary>
    public static string? Render(string dir, string gnuplot = "gnuplot")
    {
        try
        {
            var psi = new ProcessStartInfo(gnuplot) { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("plots.gp");
            using Process p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(true);
                return "gnuplot did not finish within 120 s";
            }
            return p.ExitCode == 0 ? null : $"gnuplot exited with {p.ExitCode}: {err.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"gnuplot not found ({e.Message}); install gnuplot-nox";
        }
    }

    /// <summary>The fitted rise-and-plateau as a gnuplot expression of x, undefined (1/0) outside [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static string FitExpression(CurveFitRow f, double from, double to)
    {
        string line = string.Create(Inv, $"({f.Fit.Intercept:R}+{f.Fit.Slope:R}*x)");
        string curve = f.Fit.HasPlateau ? string.Create(Inv, $"(x<={f.Fit.Knee:R} ? {line} : {f.Fit.Plateau:R})") : line;
        return string.Create(Inv, $"((x<{from:R} || x>{to:R}) ? 1/0 : {curve})");
    }

    private static void TwoPanels(StringBuilder script, List<string> pngs, string dir, string png, string title, string prefix,
        List<(string Name, List<PointSummary> Points)> series, Func<PointSummary, double> x, string xlabel, bool logX, bool logY = false)
    {
        pngs.Add(png);
        script.AppendLine(Inv, $"set output '{png}'; set multiplot layout 1,2 title '{Escape(title)}'; set xlabel '{xlabel}'");
        script.AppendLine(logX ? "set logscale x 2; set xrange [*:*]" : "unset logscale x; set xrange [0:*]");
        // Local and striped bandwidths differ by orders of magnitude; a log axis keeps both readable.
        script.AppendLine(logY ? "set logscale y 10; set yrange [*:*]; set key outside bottom center horizontal maxrows 4" : "unset logscale y; set yrange [0:*]; set key top left");
        var files = series.Select(s => (s.Name, File: WriteData(dir, prefix, s.Name, s.Points, x))).ToList();
        foreach (var (op, col) in new[] { ("write", 2), ("read", 3) })
        {
            var terms = files.Select((f, i) => $"'{f.File}' using 1:{col} with linespoints lw 2 pt 7 lc {i + 1}{(f.Name.Contains("MPICH", StringComparison.Ordinal) ? " dt 2" : "")} title '{Escape(f.Name)}'");
            script.AppendLine(Inv, $"set title '{op}'; plot {string.Join(", ", terms)}");
        }
        script.AppendLine("unset multiplot; unset title; unset logscale y; set yrange [0:*]; set key top left");
    }

    private static List<(string Name, List<PointSummary> Points)> Series(IReadOnlyList<PointSummary> points, Func<PaperCase, bool> select)
    {
        var list = new List<(string Name, List<PointSummary> Points)>();
        foreach (PointSummary p in points)
        {
            if (!select(p.Case))
                continue;
            string name = MarkdownReport.SeriesName(p.Case);
            int i = list.FindIndex(s => s.Name == name);
            if (i < 0)
                list.Add((name, [p]));
            else
                list[i].Points.Add(p);
        }
        return list;
    }

    private static string WriteData(string dir, string prefix, string name, List<PointSummary> points, Func<PointSummary, double> x)
    {
        var slug = new StringBuilder(prefix + "-");
        foreach (char ch in name.ToLowerInvariant())
            slug.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '-');
        string file = System.Text.RegularExpressions.Regex.Replace(slug.ToString(), "-+", "-").TrimEnd('-') + ".dat";
        var text = new StringBuilder($"# {name}\n# x write_MBps read_MBps\n");
        foreach (PointSummary p in points.OrderBy(x))
            text.AppendLine(Inv, $"{x(p):R} {p.WriteMBps:R} {p.ReadMBps:R}");
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        File.WriteAllText(Path.Combine(dir, "data", file), text.ToString());
        return "data/" + file;
    }

    private static string Escape(string s) => s.Replace("'", "''", StringComparison.Ordinal);
}
