using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.MultiRank;

/// <summary>
/// File windows under <c>mpiexec</c>: at 1 rank, and with <c>MPIR_CVAR_NUM_CLIQUES=2</c> at 2 ranks (two
/// nodes of one rank) and 4 ranks (two nodes of two ranks), so the cross-node paths run on one host.
/// </summary>
[TestFixture]
public class FileWindowTests
{
    private static readonly string[] Scenarios =
    [
        "MultipleWritersSamePages", "ReaderSeesOldUntilAcquire", "AcquireKeepsUnreleasedChanges", "SingleWriterWholePages",
        "FenceAfterScatteredWrites", "FlushAndInvalidate", "LazyReadOnlyReadsOnlyTouched", "LazyWritableFillsOnWrite",
        "DriversSameResults", "TypedViewsAndChunks", "ErrorClasses", "ReadOnlyOneCopy", "SievedReleaseKeepsOtherWriters",
        "ReleaseFailureKeepsChanges", "MapReadFailureAgreed",
    ];

    private static readonly Dictionary<string, string> TwoNodes = new() { ["MPIR_CVAR_NUM_CLIQUES"] = "2" };

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var s in Scenarios) yield return new TestCaseData(s, 1, false).SetName($"FileWindow_{s}_1Rank_Passes");
        foreach (var ranks in new[] { 2, 4 })
            foreach (var s in Scenarios)
                yield return new TestCaseData(s, ranks, true).SetName($"FileWindow_{s}_TwoNodes{ranks}Ranks_Passes");
    }

    [TestCaseSource(nameof(Cases))]
    public void FileWindow_Scenario_Passes(string scenario, int ranks, bool twoNodes) =>
        RankSuite.AssertPassed("window", ranks, scenario, twoNodes ? TwoNodes : null);

    // The driver-independent scenarios over the striped file system (2 I/O servers, 4 KiB stripes): the
    // window uses nothing but the storage interface.
    private static readonly string[] StripedScenarios =
    [
        "MultipleWritersSamePages", "ReaderSeesOldUntilAcquire", "AcquireKeepsUnreleasedChanges", "SingleWriterWholePages",
        "FenceAfterScatteredWrites", "FlushAndInvalidate", "LazyReadOnlyReadsOnlyTouched", "LazyWritableFillsOnWrite", "TypedViewsAndChunks",
        "StripedSameAsLocal",
    ];

    [Test]
    public void FileWindow_StripedFileSystemTwoNodes_ScenariosPass()
    {
        using var cluster = MpiIo.Tests.Pvfs.PvfsTestCluster.Start(2, stripeSize: 4096);
        using var dir = new TestDirectory();
        var config = dir.File("fs.conf");
        File.WriteAllText(config, cluster.Config.ToText());
        var env = new Dictionary<string, string> { ["MPIR_CVAR_NUM_CLIQUES"] = "2", ["MPIIO_PVFS_CONFIG"] = config, ["MPIIO_WINDOW_PREFIX"] = "pvfs:" };
        foreach (var s in StripedScenarios)
            Assert.Multiple(() => RankSuite.AssertPassed("window", 4, s, env));
    }

    [Test]
    public void FileWindow_ReadOnly256MiBFourRanksOneNode_OneSharedCopy() =>
        RankSuite.AssertPassed("window", 4, "ReadOnlyOneCopy", new Dictionary<string, string> { ["MPIIO_WINDOW_MIB"] = "256" }, alone: true);
}
