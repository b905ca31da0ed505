using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.MultiRank;

/// <summary>The MPI binding at 1, 2 and 4 ranks: each scenario of the rank program's "binding" suite is a test.</summary>
[TestFixture]
public class BindingTests
{
    private static readonly string[] Scenarios =
    [
        "Barrier", "Bcast", "BcastStruct", "Reduce", "AllreduceOps", "AllreduceInPlace", "ScanExscan", "Gather", "Gatherv",
        "Allgather", "Allgatherv", "Scatter", "Scatterv", "Alltoall", "Alltoallv", "SendRecvRing", "NonblockingRing",
        "WaitAnyTest", "Probe", "SplitDupCompare", "SplitShared", "SharedWindowFence", "FetchAndOpAllRanks",
        "CompareAndSwapLock", "Info", "ProcessorNameWtime",
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        from ranks in new[] { 1, 2, 4 }
        from s in Scenarios
        select new TestCaseData(s, ranks).SetName($"Binding_{s}_{ranks}Ranks_Passes");

    [TestCaseSource(nameof(Cases))]
    public void Binding_Scenario_Passes(string scenario, int ranks) => RankSuite.AssertPassed("binding", ranks, scenario);

    private static readonly string[] ErrorCases =
    [
        "SendToInvalidRank", "BcastInvalidRoot", "RecvNegativeTag", "TruncatedReceive", "ReduceOfStruct",
        "VariableLayoutTooSmall", "FreedObjects", "SurvivesAfterErrors",
    ];

    private static IEnumerable<TestCaseData> ErrorCaseData() =>
        from ranks in new[] { 1, 2 }
        from s in ErrorCases
        select new TestCaseData(s, ranks).SetName($"Errors_{s}_{ranks}Ranks_RaisesRightClassAndSurvives");

    [TestCaseSource(nameof(ErrorCaseData))]
    public void Errors_Scenario_RaisesRightClassAndSurvives(string scenario, int ranks) => RankSuite.AssertPassed("errors", ranks, scenario);

    [TestCase("SplitShared")]
    [TestCase("SharedWindowFence")]
    public void SplitShared_TwoCliquesOfTwo_SeesTwoNodes(string scenario) =>
        RankSuite.AssertPassed("nodes", 4, scenario, new Dictionary<string, string> { ["MPIR_CVAR_NUM_CLIQUES"] = "2" });

    [Test]
    public void Environment_LibraryVariableNamesMissingLibrary_FailsWithClearMessage()
    {
        var run = MpiRun.Run("dotnet", [RepoPaths.Program("MpiIo.RankTests"), "binding", "Barrier"], TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["MPIIO_LIBMPI"] = "/nonexistent/libnotmpi.so" });
        Assert.That(run.TimedOut, Is.False, run.Transcript);
        Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.Transcript);
        Assert.That(run.Error, Does.Contain("MPIIO_LIBMPI=/nonexistent/libnotmpi.so could not be loaded"), run.Transcript);
    }

    [Test]
    public void MpiRun_HungProgram_IsKilledAtTimeout()
    {
        var run = MpiRun.Run("mpiexec", ["-n", "2", "sleep", "60"], TimeSpan.FromSeconds(2));
        Assert.That(run.TimedOut, Is.True);
        Assert.That(run.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
    }
}
