using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Windows;

/// <summary>
/// The node segment freed file windows leave for reuse (<c>WindowCacheScenarios</c> of the rank program's
/// <c>window</c> suite) under <c>mpiexec</c>: at 1 rank, and with <c>MPIR_CVAR_NUM_CLIQUES=2</c> at 2 ranks
/// (two one-rank nodes) and 4 ranks (two nodes of two ranks). The runs are the ones of
/// <c>MultiRank.FileWindowTests</c> (same suite, ranks and environment), so they cost no extra launch.
/// </summary>
[TestFixture]
public class FileWindowCacheTests
{
    private static readonly string[] Scenarios =
    [
        "CacheReuseSeesNewFile", "CacheLazyReuseIsFresh", "CacheLargerMapAllocatesAnew", "CacheBound",
        "CacheReleaseCall", "CacheFreedWindowStillFails", "CacheKeyedByNodeRanks",
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var s in Scenarios) yield return new TestCaseData(s, 1, false).SetName($"FileWindowCache_{s}_1Rank_Passes");
        foreach (var ranks in new[] { 2, 4 })
            foreach (var s in Scenarios)
                yield return new TestCaseData(s, ranks, true).SetName($"FileWindowCache_{s}_TwoNodes{ranks}Ranks_Passes");
    }

    [TestCaseSource(nameof(Cases))]
    public void FileWindowCache_Scenario_Passes(string scenario, int ranks, bool twoNodes) =>
        RankSuite.AssertPassed("window", ranks, scenario, twoNodes ? new Dictionary<string, string> { ["MPIR_CVAR_NUM_CLIQUES"] = "2" } : null);

    // Two ranks on one node leave a segment kept; a finalize action registered before the cache's runs
    // after it and prints what each rank still keeps: nothing, and the run ends cleanly.
    [Test]
    public void Finalize_SegmentKept_FreedBeforeMpiFinalize()
    {
        var env = new Dictionary<string, string> { ["MPIIO_WINDOW_FINALIZE_REPORT"] = "1" };
        var run = MpiRun.Dotnet(2, RepoPaths.Program("MpiIo.RankTests"), ["window", "CacheFreedAtFinalize"], RankSuite.Timeout, env);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Transcript);
            Assert.That(run.Output, Does.Contain("SCENARIO CacheFreedAtFinalize ok"), run.Transcript);
            for (int rank = 0; rank < 2; rank++)
                Assert.That(run.Output, Does.Contain($"WINDOW-CACHE-AT-FINALIZE rank={rank} bytes=0"), run.Transcript);
        });
    }
}
