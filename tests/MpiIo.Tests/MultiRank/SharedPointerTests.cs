using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.MultiRank;

/// <summary>
/// Shared file pointers, ordered mode, split and nonblocking collectives at 1, 2 and 4 ranks, once under
/// MPI_THREAD_FUNNELED (collectives complete eagerly when they start) and once under MPI_THREAD_MULTIPLE
/// (they progress on background threads).
/// </summary>
[TestFixture]
public class SharedPointerTests
{
    private static readonly string[] Scenarios =
    [
        "ThreadLevelAsRequested", "WriteSharedSumAndReadBack", "SharedPointerCountsEtypes", "NonblockingShared",
        "SetViewResetsSharedPointer", "OrderedWriteRankOrder", "OrderedReadRankOrder", "SeekSharedAndPosition", "SeekSharedErrors",
        "SharedArgumentErrors", "OrderedErrorOnOneRank", "SplitCollectives", "SplitOrdered", "SplitMisuse", "SplitErrorRaisedAtEnd",
        "CloseRefusedWhileSplitActive", "NonblockingCollectives", "NonblockingCollectiveMisuse", "NonblockingCollectiveErrorAtWait",
        "NonblockingOverlapsComputation", "SequentialModeRules",
    ];

    private static readonly Dictionary<string, string> s_multiple = new() { ["MPIIO_THREAD_LEVEL"] = "multiple" };

    private static IEnumerable<TestCaseData> Cases() =>
        from multiple in new[] { false, true }
        from ranks in new[] { 1, 2, 4 }
        from s in Scenarios
        select new TestCaseData(s, ranks, multiple).SetName($"Shared_{s}_{ranks}Ranks{(multiple ? "ThreadMultiple" : "Funneled")}_Passes");

    [TestCaseSource(nameof(Cases))]
    public void Shared_Scenario_Passes(string scenario, int ranks, bool multiple) =>
        RankSuite.AssertPassed("shared", ranks, scenario, multiple ? s_multiple : null);
}
