using System.Globalization;
using MpiIo.Paper.Driver;
using MpiIo.Paper.Report;
using MpiIo.Paper.Stats;
using MpiIo.Paper.Workload;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Paper.PvfsBench;

/// <summary>
/// <c>MpiIo.Paper pvfs</c>: measures TCP loopback, starts the embedded striped file system, runs the bandwidth points
/// through the paper's rank program (one <c>mpiexec</c> launch per rank count), then the latency client, stops the
/// servers, removes the scratch folder and prints <see cref="PvfsBenchReport"/>. SIGINT and SIGTERM stop the running
/// child, the servers and the scratch folder before the process exits.
/// </summary>
internal static class PvfsBenchDriver
{
    /// <summary>Sweep name of the bandwidth cases.</summary>
    public const string Sweep = "pvfs";

    /// <summary>Runs the benchmark; returns 0 when every point ran and read back what it wrote, 130 when interrupted.</summary>
    public static int Run(PvfsBenchOptions o, TextWriter stdout, TextWriter stderr)
    {
        using var cancel = new SignalStop("pvfs", stderr);

        bool ownWork = o.WorkDirectory == null;
        string work = Path.GetFullPath(o.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "mpiio-pvfs-" + Guid.NewGuid().ToString("N")[..10]));
        string pvfsDir = Path.Combine(work, "pvfs");
        Directory.CreateDirectory(pvfsDir);
        string started = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        string loadBefore = Load();
        var failures = new List<string>();
        var rows = new List<ResultRow>();
        var latency = new List<LatencySummary>();
        var log = new StringWriter();
        EmbeddedFileSystem? fs = null;
        var references = new References();
        string storage = MachineProbe.Storage(pvfsDir);
        try
        {
            fs = EmbeddedFileSystem.Start(pvfsDir, o.Servers.Max(), o.Stripe);
            // Tests look for these lines to know which process group and ports must be gone afterwards.
            stderr.WriteLine($"pvfs: driver process {Environment.ProcessId}");
            stderr.WriteLine($"pvfs: striped file system up: {string.Join(' ', fs.Addresses)}");
            List<PaperCase> plan = Plan(o);
            string planFile = Path.Combine(work, "plan.txt");
            File.WriteAllLines(planFile, plan.Select(c => c.ToLine()));
            var env = new Dictionary<string, string> { [PvfsConfig.ConfigVariable] = fs.ConfigPath };
            RunBandwidth(o, plan, planFile, env, pvfsDir, references, rows, failures, log, stderr, cancel.Token);
            if (!cancel.IsCancellationRequested)
                RunLatency(o, env, latency, failures, log, stderr, cancel.Token);
        }
        finally
        {
            fs?.Dispose();
            PaperDriver.TryDelete(pvfsDir);
            PaperDriver.TryDelete(Path.Combine(work, "plan.txt"));
            if (ownWork)
                PaperDriver.TryDelete(work);
        }
        if (cancel.IsCancellationRequested)
        {
            stderr.WriteLine("pvfs: interrupted; servers stopped, scratch removed");
            return 130;
        }
        List<PointSummary> points = Summaries.Reduce(rows, o.Rounds >= 3 ? 1 : 0);
        foreach (PointSummary p in points)
            if (p.BadBytes > 0)
                failures.Add($"{p.Case.Api}, {p.Case.IoServers} I/O servers, {p.Case.Ranks} ranks: read back {p.BadBytes} wrong bytes");
        if (failures.Count > 0)
            stderr.Write(log.ToString());
        var result = new PvfsBenchResult(o, started, Environment.MachineName, Environment.ProcessorCount, loadBefore, Load(), storage,
            Median(references.Loop1), Median(references.Loop2), Median(references.LocalWrite), Median(references.LocalRead),
            points, latency, failures);
        stdout.Write(PvfsBenchReport.Format(result));
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>The bandwidth cases: ranks × I/O servers × (native, MPI-IO independent), files under /paper.</summary>
    public static List<PaperCase> Plan(PvfsBenchOptions o)
    {
        var cases = new List<PaperCase>();
        foreach (int ranks in o.Ranks)
            foreach (int servers in o.Servers)
                foreach (PaperApi api in new[] { PaperApi.Native, PaperApi.Independent })
                    cases.Add(new PaperCase(cases.Count, PaperImpl.MpiIo, PaperFs.Pvfs, api, ranks, servers, o.Size, o.Request, o.Stripe,
                        $"/paper/c{cases.Count}", Sweep));
        return cases;
    }

    /// <summary>The reference figures of every round: TCP loopback with 1 and 2 streams, local write and read.</summary>
    private sealed class References
    {
        public List<double> Loop1 { get; } = [];
        public List<double> Loop2 { get; } = [];
        public List<double> LocalWrite { get; } = [];
        public List<double> LocalRead { get; } = [];
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
            return 0;
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // Round by round: the references, then every point once (one mpiexec launch per rank count), so the machine's
    // load, which comes and goes, weighs on the references and the points alike.
    private static void RunBandwidth(PvfsBenchOptions o, List<PaperCase> plan, string planFile, Dictionary<string, string> env, string storage,
        References references, List<ResultRow> rows, List<string> failures, TextWriter log, TextWriter stderr, CancellationToken cancel)
    {
        var byId = plan.ToDictionary(c => c.Id);
        void OnLine(string line)
        {
            ResultRow? r = PaperDriver.ParseResult(line, byId);
            if (r != null)
                lock (rows)
                    rows.Add(r);
        }
        for (int round = 1; round <= o.Rounds; round++)
        {
            stderr.WriteLine($"pvfs: round {round} of {o.Rounds}: TCP loopback (1 and 2 streams), the storage folder, then the points");
            references.Loop1.Add(MachineProbe.LoopbackMBps(0.3, 2, streams: 1));
            references.Loop2.Add(MachineProbe.LoopbackMBps(0.3, 2, streams: 2));
            (double write, double read) = LocalStorageProbe.Measure(storage, o.Size, o.Request, trials: 1);
            references.LocalWrite.Add(write);
            references.LocalRead.Add(read);
            foreach (int ranks in o.Ranks)
            {
                if (cancel.IsCancellationRequested)
                    return;
                int rc = Launcher.Run(o.Mpiexec, ["-n", I(ranks), Dotnet(), Self(), "rank", "--plan", planFile, "--reps", "1"],
                    env, OnLine, log, TimeSpan.FromSeconds(o.TimeoutSeconds), cancel);
                if (rc != 0 && !cancel.IsCancellationRequested)
                    failures.Add($"bandwidth launch with {ranks} ranks in round {round} exited with {rc}");
            }
        }
        if (cancel.IsCancellationRequested)
            return;
        foreach (PaperCase c in plan)
        {
            int got = rows.Count(r => r.Case.Id == c.Id);
            if (got < o.Rounds)
                failures.Add($"{c.Api}, {c.IoServers} I/O servers, {c.Ranks} ranks: {got} of {o.Rounds} rounds");
        }
    }

    private static void RunLatency(PvfsBenchOptions o, Dictionary<string, string> env, List<LatencySummary> latency, List<string> failures,
        TextWriter log, TextWriter stderr, CancellationToken cancel)
    {
        stderr.WriteLine("pvfs: small-request latency, 1 client");
        int rc = Launcher.Run(Dotnet(), [Self(), "pvfs-latency", "--path", "/paper/latency", "--request", I(o.SmallRequest), "--ops", I(o.LatencyOps),
            "--stripe", I(o.Stripe), "--depths", "1,32"], env, line =>
            {
                LatencySummary? l = LatencySummary.Parse(line);
                if (l != null)
                    lock (latency)
                        latency.Add(l);
            }, log, TimeSpan.FromSeconds(o.TimeoutSeconds), cancel);
        if (rc != 0 && !cancel.IsCancellationRequested)
            failures.Add($"latency client exited with {rc}");
        else if (latency.Count != 4 && !cancel.IsCancellationRequested)
            failures.Add($"latency client reported {latency.Count} of 4 points");
    }

    private static string Self() => typeof(PvfsBenchDriver).Assembly.Location;

    private static string Dotnet() => Environment.ProcessPath is string p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    // The load average as uptime prints it: the machine is shared, so every figure comes with it.
    private static string Load()
    {
        try
        {
            string[] f = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{f[0]} {f[1]} {f[2]}";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
