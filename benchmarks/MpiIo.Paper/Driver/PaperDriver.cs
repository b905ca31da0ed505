using System.Globalization;
using MpiIo.Paper.Report;
using MpiIo.Paper.Stats;
using MpiIo.Paper.Workload;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Paper.Driver;

/// <summary>
/// <c>MpiIo.Paper run</c>: measures the loopback, starts the embedded striped file system, runs the sweep one
/// <c>mpiexec</c> launch per rank count (and MPICH's peer per case), stops the servers, and writes the report.
/// SIGINT and SIGTERM stop the running launch, the servers and the scratch folder before the process exits.
/// </summary>
internal static class PaperDriver
{
    /// <summary>Runs the sweep; returns 0 when every case ran and read back what it wrote.</summary>
    public static int Run(PaperOptions o, TextWriter stdout, TextWriter stderr)
    {
        using var cancel = new SignalStop("paper", stderr);

        string report = Path.GetFullPath(o.ReportDirectory ?? Path.Combine("artifacts", "paper", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
        bool ownWork = o.WorkDirectory == null;
        string work = Path.GetFullPath(o.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "mpiio-paper-" + Guid.NewGuid().ToString("N")[..10]));
        string localDir = Path.GetFullPath(o.LocalDirectory ?? Path.Combine(work, "local"));
        string pvfsDir = Path.Combine(work, "pvfs");
        Directory.CreateDirectory(report);
        Directory.CreateDirectory(localDir);
        Directory.CreateDirectory(pvfsDir);
        var failures = new List<string>();
        var rows = new List<ResultRow>();
        EmbeddedFileSystem? fs = null;
        MachineInfo machine;
        IReadOnlyList<string> addresses = [];
        try
        {
            if (!o.Quiet)
                stderr.WriteLine("paper: measuring TCP loopback bandwidth");
            double loopback = MachineProbe.LoopbackMBps();
            machine = MachineProbe.Describe(localDir, pvfsDir, loopback);
            List<PaperCase> plan = SweepPlan.Build(o, localDir);
            if (o.Pvfs)
            {
                fs = EmbeddedFileSystem.Start(pvfsDir, o.IoServers.Max(), o.StripeBytes);
                addresses = fs.Addresses;
                // Tests look for these lines to know which process group and ports must be gone afterwards.
                stderr.WriteLine($"paper: driver process {Environment.ProcessId}");
                stderr.WriteLine($"paper: striped file system up: {string.Join(' ', addresses)}");
            }
            string planFile = Path.Combine(work, "plan.txt");
            File.WriteAllLines(planFile, plan.Select(c => c.ToLine()));
            using var log = new StreamWriter(Path.Combine(report, "launch.log")) { AutoFlush = true };
            RunSweep(o, plan, planFile, fs, machine.Cores, rows, failures, log, stderr, cancel.Token);
        }
        finally
        {
            fs?.Dispose();
            TryDelete(pvfsDir);
            TryDelete(Path.Combine(work, "plan.txt"));
            if (o.LocalDirectory == null)
                TryDelete(localDir);
            if (ownWork)
                TryDelete(work);
        }
        if (cancel.IsCancellationRequested)
        {
            stderr.WriteLine("paper: interrupted; servers stopped, scratch removed");
            return 130;
        }
        ReportData data = Build(o, machine, addresses, rows, failures);
        WriteReport(report, data, o, stderr);
        stdout.Write(MarkdownReport.Tables(data));
        foreach (string f in data.Failures)
            stdout.WriteLine("FAILED: " + f);
        stdout.WriteLine($"report: {report}");
        return data.Failures.Count == 0 ? 0 : 1;
    }

    private static void RunSweep(PaperOptions o, List<PaperCase> plan, string planFile, EmbeddedFileSystem? fs, int cores,
        List<ResultRow> rows, List<string> failures, TextWriter log, TextWriter stderr, CancellationToken cancel)
    {
        long total = 0;
        foreach (PaperCase c in plan)
            total += c.TotalBytes * 2 * o.Reps;
        var progress = new ProgressLine(total, o.Quiet, stderr, interactive: !Console.IsErrorRedirected);
        var env = new Dictionary<string, string>();
        if (fs != null)
            env[PvfsConfig.ConfigVariable] = fs.ConfigPath;
        var byId = plan.ToDictionary(c => c.Id);
        var seen = new HashSet<(int, int)>();
        void OnLine(string line)
        {
            ResultRow? r = ParseResult(line, byId);
            if (r == null)
                return;
            lock (rows)
            {
                if (!seen.Add((r.Case.Id, r.Rep)))
                    return;
                rows.Add(r);
            }
            progress.Advance(r.Case.TotalBytes * 2, $"{MarkdownReport.SeriesName(r.Case)}, {r.Case.Ranks} ranks");
        }
        string self = typeof(PaperDriver).Assembly.Location;
        string dotnet = Environment.ProcessPath is string p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        string peer = o.PeerProgram ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "c", "paper_peer");
        TimeSpan timeout = TimeSpan.FromSeconds(o.LaunchTimeoutSeconds);
        foreach (int ranks in plan.Select(c => c.Ranks).Distinct())
        {
            if (cancel.IsCancellationRequested)
                break;
            string over = ranks > cores ? $" (oversubscribed: {ranks} ranks on {cores} cores)" : "";
            if (plan.Any(c => c.Ranks == ranks && c.Impl == PaperImpl.MpiIo))
            {
                progress.Status($"MpiIo, {ranks} ranks{over}");
                int rc = Launcher.Run(o.Mpiexec, ["-n", ranks.ToString(CultureInfo.InvariantCulture), dotnet, self, "rank", "--plan", planFile, "--reps", o.Reps.ToString(CultureInfo.InvariantCulture)],
                    env, OnLine, log, timeout, cancel);
                if (rc != 0 && !cancel.IsCancellationRequested)
                    failures.Add($"MpiIo launch with {ranks} ranks exited with {rc} (see launch.log)");
            }
            foreach (PaperCase c in plan.Where(c => c.Ranks == ranks && c.Impl == PaperImpl.Mpich))
            {
                if (cancel.IsCancellationRequested)
                    break;
                if (!File.Exists(peer))
                {
                    failures.Add($"MPICH peer not found at {Path.GetFullPath(peer)} (build it with ./run-mpi.sh build)");
                    break;
                }
                progress.Status($"MPICH, {ranks} ranks{over}");
                int rc = Launcher.Run(o.Mpiexec, ["-n", ranks.ToString(CultureInfo.InvariantCulture), peer, "--id", I(c.Id), "--path", c.Path,
                    "--block", I(c.BlockBytes), "--request", I(c.RequestBytes), "--reps", I(o.Reps), "--mode", c.Api == PaperApi.Collective ? "collective" : "independent"],
                    env, OnLine, log, timeout, cancel);
                if (rc != 0 && !cancel.IsCancellationRequested)
                    failures.Add($"MPICH peer for case {c.Id} exited with {rc} (see launch.log)");
            }
        }
        progress.Finish();
        if (cancel.IsCancellationRequested)
            return;
        foreach (PaperCase c in plan)
        {
            int got = rows.Count(r => r.Case.Id == c.Id);
            if (got < o.Reps)
                failures.Add($"case {c.Id} ({MarkdownReport.SeriesName(c)}, {c.Ranks} ranks, request {MarkdownReport.Bytes(c.RequestBytes)}): {got} of {o.Reps} repetitions");
        }
    }

    /// <summary>Parses a <c>result ID REP WRITE_S READ_S BAD</c> line; null for any other line.</summary>
    public static ResultRow? ParseResult(string line, IReadOnlyDictionary<int, PaperCase> cases)
    {
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 6 || f[0] != "result")
            return null;
        if (!int.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int id) || !cases.TryGetValue(id, out PaperCase? c)
            || !int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int rep)
            || !double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double w)
            || !double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double r)
            || !long.TryParse(f[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out long bad))
            return null;
        return new ResultRow(c, rep, w, r, bad);
    }

    /// <summary>Reduces rows to summaries and fits every scaling series with two or more rank counts.</summary>
    public static ReportData Build(PaperOptions o, MachineInfo machine, IReadOnlyList<string> addresses, List<ResultRow> rows, List<string> failures)
    {
        rows.Sort((a, b) => a.Case.Id != b.Case.Id ? a.Case.Id.CompareTo(b.Case.Id) : a.Rep.CompareTo(b.Rep));
        List<PointSummary> summaries = Summaries.Reduce(rows, o.Drop);
        foreach (PointSummary s in summaries)
            if (s.BadBytes > 0)
                failures.Add($"case {s.Case.Id} ({MarkdownReport.SeriesName(s.Case)}, {s.Case.Ranks} ranks) read back {s.BadBytes} wrong bytes");
        var fits = new List<CurveFitRow>();
        var names = new List<string>();
        foreach (PointSummary s in summaries)
        {
            string name = MarkdownReport.SeriesName(s.Case);
            if (s.Case.Sweep == SweepPlan.Scaling && !names.Contains(name))
                names.Add(name);
        }
        foreach (string name in names)
        {
            foreach (bool read in new[] { false, true })
            {
                var points = Summaries.Observations(rows, c => c.Sweep == SweepPlan.Scaling && MarkdownReport.SeriesName(c) == name, read, o.Drop);
                CurveFit? fit = CurveFitter.Fit(points);
                if (fit != null)
                    fits.Add(new CurveFitRow(name, read ? "read" : "write", fit));
            }
        }
        return new ReportData(o.Label, machine, o.Reps, o.Drop, addresses, rows, summaries, fits, failures, []);
    }

    /// <summary>Writes results.csv, results.json, the plots and summary.md into <paramref name="dir"/>.</summary>
    public static void WriteReport(string dir, ReportData data, PaperOptions o, TextWriter stderr)
    {
        Directory.CreateDirectory(dir);
        using (var csv = new StreamWriter(Path.Combine(dir, "results.csv")))
            CsvReport.Write(csv, data.Rows, data.Machine);
        using (FileStream json = File.Create(Path.Combine(dir, "results.json")))
            JsonReport.Write(json, data);
        ReportData withPlots = data;
        if (o.Plots && data.Summaries.Count > 0)
        {
            List<string> pngs = GnuplotReport.WriteScript(dir, data);
            string? error = GnuplotReport.Render(dir);
            if (error == null)
                withPlots = data with { Plots = pngs };
            else
                stderr.WriteLine("paper: plots skipped: " + error);
        }
        File.WriteAllText(Path.Combine(dir, "summary.md"), MarkdownReport.Summary(withPlots));
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Removes a scratch file or folder, best effort.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
            else if (File.Exists(path))
                File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the main job's trap removes its scratch folder anyway.
        }
    }
}
