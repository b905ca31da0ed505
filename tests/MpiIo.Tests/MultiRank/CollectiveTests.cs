using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.MultiRank;

/// <summary>Collective access at 1, 2 and 4 ranks: global-index darray, agreement on failures, the automatic decision, atomic mode, the memory bound.</summary>
[TestFixture]
public class CollectiveTests
{
    private static readonly string[] Scenarios =
    [
        "Darray32CubedGlobalIndex", "FailureOnOneRankSurfacesEverywhere", "BadBufferOnOneRank", "AutomaticDecision",
        "AtomicCollectiveWrites", "AggregatorMemoryBounded", "AggregatorsFollowHints", "ReadPastEndOfFile",
        "SharedExchangeAcrossFiles", "OverlappingViewReadOnly",
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        from ranks in new[] { 1, 2, 4 }
        from s in Scenarios
        select new TestCaseData(s, ranks).SetName($"Collective_{s}_{ranks}Ranks_Passes");

    [TestCaseSource(nameof(Cases))]
    public void Collective_Scenario_Passes(string scenario, int ranks) => RankSuite.AssertPassed("collective", ranks, scenario);

    [Test]
    public void Collective_Darray32Cubed9Ranks_Passes() => RankSuite.AssertPassed("collective", 9, "Darray32CubedGlobalIndex", alone: true);

    [TestCase("Darray32CubedGlobalIndex")]
    [TestCase("AggregatorsFollowHints")]
    [TestCase("SharedExchangeAcrossFiles")]
    public void Collective_TwoSimulatedNodes_Passes(string scenario) =>
        RankSuite.AssertPassed("collective", 4, scenario, new Dictionary<string, string> { ["MPIR_CVAR_NUM_CLIQUES"] = "2" }, alone: true);
}
