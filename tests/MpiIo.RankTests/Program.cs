using MpiIo.Mpi;
using MpiIo.RankTests;
using MpiIo.RankTests.Scenarios;

// Runs one suite of scenarios on every rank. After each scenario the ranks sum their failure counts,
// so a failure on any rank fails the scenario everywhere; rank 0 prints one line per scenario:
//   SCENARIO <name> ok|FAILED <count>
// and the exit status is non-zero when anything failed.
var suites = new Dictionary<string, Func<IReadOnlyList<Scenario>>>(StringComparer.Ordinal)
{
    ["binding"] = BindingScenarios.All,
    ["errors"] = ErrorScenarios.All,
    ["nodes"] = NodeScenarios.All,
    ["file"] = FileScenarios.All,
    ["collective"] = CollectiveScenarios.All,
    ["shared"] = SharedScenarios.All,
    ["window"] = WindowScenarios.All,
};

if (args.Length > 0 && args[0] == "peer")
{
    using var peerEnv = new MpiEnvironment(ThreadLevel.Funneled);
    return MpiIo.RankTests.Peer.PeerAccess.Run(Communicator.World, args[1..]);
}

if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine($"usage: MpiIo.RankTests <{string.Join('|', suites.Keys)}> [scenario ...]");
    return 2;
}

// MPIIO_THREAD_LEVEL=multiple runs a suite under MPI_THREAD_MULTIPLE (background collectives).
var level = string.Equals(Environment.GetEnvironmentVariable("MPIIO_THREAD_LEVEL"), "multiple", StringComparison.OrdinalIgnoreCase)
    ? ThreadLevel.Multiple : ThreadLevel.Funneled;
using var env = new MpiEnvironment(level);
var world = Communicator.World;
var only = args.Skip(1).ToHashSet(StringComparer.Ordinal);
int totalFailed = 0;
foreach (var scenario in suite())
{
    if (only.Count > 0 && !only.Contains(scenario.Name)) continue;
    var check = new RankCheck(world.Rank);
    try
    {
        scenario.Body(world, check);
    }
    catch (Exception e)
    {
        check.Fail($"threw {e.GetType().Name}: {e.Message}", scenario.Name);
    }
    int failures = world.Allreduce(check.Failures, Op.Sum);
    if (failures > 0) totalFailed++;
    if (world.Rank == 0) Console.WriteLine($"SCENARIO {scenario.Name} {(failures == 0 ? "ok" : $"FAILED {failures}")}");
}
if (world.Rank == 0) Console.WriteLine($"RANKTESTS size={world.Size} failed={totalFailed}");
return totalFailed == 0 ? 0 : 1;
