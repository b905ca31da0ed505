using MpiIo.Mpi;
using MpiIo.Paper.Driver;
using MpiIo.Paper.PvfsBench;
using MpiIo.Paper.Workload;

// The PVFS paper's §4.1 benchmark. "run" drives the sweep (not under mpiexec); "rank" is what each mpiexec
// launch runs. See benchmarks/MpiIo.Paper/Driver/PaperOptions.cs and docs/paper-benchmark.md.
// "pvfs" is issue 5's bandwidth-and-latency benchmark of the striped file system (PvfsBench/PvfsBenchOptions.cs);
// it reuses "rank" for its bandwidth points and runs "pvfs-latency" as its small-request client.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(PaperOptions.Usage);
    Console.WriteLine(PvfsBenchOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}
switch (args[0])
{
    case "run":
        PaperOptions options;
        try
        {
            options = PaperOptions.Parse(args[1..]);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("paper: " + e.Message);
            return 2;
        }
        return PaperDriver.Run(options, Console.Out, Console.Error);
    case "rank":
        string? planFile = null;
        int reps = 5;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--plan")
                planFile = args[i + 1];
            else if (args[i] == "--reps")
                reps = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        }
        if (planFile == null)
        {
            Console.Error.WriteLine("paper rank: --plan FILE is required");
            return 2;
        }
        var plan = File.ReadAllLines(planFile).Where(l => l.Length > 0).Select(PaperCase.Parse).ToList();
        using (var env = new MpiEnvironment())
            return RankRunner.Run(Communicator.World, plan, reps, Console.Out);
    case "pvfs":
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(PvfsBenchOptions.Usage);
            return 0;
        }
        PvfsBenchOptions bench;
        try
        {
            bench = PvfsBenchOptions.Parse(args[1..]);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("pvfs: " + e.Message);
            return 2;
        }
        return PvfsBenchDriver.Run(bench, Console.Out, Console.Error);
    case "pvfs-latency":
        try
        {
            LatencyArgs l = LatencyArgs.Parse(args[1..]);
            return LatencyClient.Run(l.Path, l.Request, l.Ops, l.Stripe, l.Depths, Console.Out, Console.Error);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("pvfs-latency: " + e.Message);
            return 2;
        }
    default:
        Console.Error.WriteLine($"paper: unknown command '{args[0]}' (run, rank, pvfs, pvfs-latency)");
        return 2;
}
