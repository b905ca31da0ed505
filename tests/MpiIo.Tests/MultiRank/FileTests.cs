using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.MultiRank;

/// <summary>MpiFile's open rules, independent access, pointers, partitions, nonblocking calls, hints and agreement at 1, 2 and 4 ranks.</summary>
[TestFixture]
public class FileTests
{
    private static readonly string[] Scenarios =
    [
        "OpenAmodeErrors", "OpenMissingAndExclusive", "WriteAtReadAtDisjoint", "IndividualPointerAndSeek", "ReadAtEndOfFile",
        "InterleavedViewWholeFile", "StridedPartition", "Nonblocking", "GetInfoDefaults", "HintValueRejected", "SetSizePreallocate",
        "SetSizeDifferentOnRanks", "AccessModeErrors", "DeleteOnClose", "SetViewFailsOnOneRank", "NegativeFiletypeRejected",
        "ArgumentErrorsChangeNothing", "AtomicModeAllOldOrAllNew", "MemoryDriverPrefix",
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        from ranks in new[] { 1, 2, 4 }
        from s in Scenarios
        select new TestCaseData(s, ranks).SetName($"File_{s}_{ranks}Ranks_Passes");

    [TestCaseSource(nameof(Cases))]
    public void File_Scenario_Passes(string scenario, int ranks) => RankSuite.AssertPassed("file", ranks, scenario);
}
