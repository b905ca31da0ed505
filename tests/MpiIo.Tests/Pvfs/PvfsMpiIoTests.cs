using MpiIo.Storage;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Pvfs;

/// <summary>
/// MPI-IO under mpiexec on the striped file system: independent and collective writes and reads with file
/// views, through 1, 2 and 4 I/O servers started by the test. The ranks open <c>pvfs:</c> names (the driver
/// starts from <c>MPIIO_PVFS_CONFIG</c>); the same access applied by MPICH's datatype engine to a local
/// file is the reference.
/// </summary>
[TestFixture]
public class PvfsMpiIoTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var (servers, ranks) in new[] { (1, 1), (2, 2), (4, 2), (4, 4) })
            foreach (var mode in new[] { "write", "write_all" })
                yield return new TestCaseData(servers, ranks, mode).SetName($"StripedFile_{mode}_{servers}Servers_{ranks}Ranks_MatchesReference");
    }

    // A strided view interleaving the ranks in 3000-byte pieces (not aligned to the 4 KiB stripes), and
    // noncontiguous memory: pieces cross stripe and server boundaries.
    private static readonly string[] Spec =
        ["R*3000", "byte", "resized(0,3000*P,contig(3000,byte))", "vector(40,500,600,byte)", "3", "--hints", "cb_buffer_size=16384,romio_cb_write=automatic,romio_cb_read=enable,cb_config_list=*:*"];

    [TestCaseSource(nameof(Cases))]
    public void StripedFile_ViewAccess_MatchesReference(int servers, int ranks, string writeMode)
    {
        using var cluster = PvfsTestCluster.Start(servers, stripeSize: 4096);
        using var dir = new TestDirectory();
        var config = dir.File("fs.conf");
        File.WriteAllText(config, cluster.Config.ToText());
        var env = new Dictionary<string, string> { ["MPIIO_PVFS_CONFIG"] = config };
        string readMode = writeMode.Replace("write", "read", StringComparison.Ordinal);

        // Write through MpiIo onto the servers, and through MPICH's datatype engine onto a local file.
        var reference = dir.File("reference.bin");
        File.WriteAllBytes(reference, []);
        var oracle = MpiRun.Run("mpiexec", new[] { "-n", ranks.ToString(), CPrograms.Path("mpiio_peer"), writeMode, reference }.Concat(Spec).Append("--oracle"), Differential.Timeout);
        Assert.That(oracle.ExitCode, Is.EqualTo(0), oracle.Transcript);
        var mine = MpiRun.Dotnet(ranks, RepoPaths.Program("MpiIo.RankTests"), new[] { "peer", writeMode, "pvfs:/written.bin" }.Concat(Spec), Differential.Timeout, env);
        Assert.That(mine.ExitCode, Is.EqualTo(0), mine.Transcript);
        using (var client = cluster.Client())
        using (var f = client.Open("/written.bin"))
        {
            var expected = File.ReadAllBytes(reference);
            Assert.That(f.GetSize(), Is.EqualTo(expected.Length), "file size");
            var actual = new byte[expected.Length];
            f.ReadAt(0, actual);
            Assert.That(actual.AsSpan().SequenceEqual(expected), Is.True, "file content");
        }

        // Read back random content through the same view on both sides.
        var content = Differential.RandomContent(servers * 10 + ranks, 3000 * 3 * ranks * 2);
        File.WriteAllBytes(reference, content);
        using (var client = cluster.Client())
        using (var f = client.Create("/read.bin"))
            f.WriteAt(0, content);
        oracle = MpiRun.Run("mpiexec", new[] { "-n", ranks.ToString(), CPrograms.Path("mpiio_peer"), readMode, reference }.Concat(Spec).Append("--oracle"), Differential.Timeout);
        Assert.That(oracle.ExitCode, Is.EqualTo(0), oracle.Transcript);
        mine = MpiRun.Dotnet(ranks, RepoPaths.Program("MpiIo.RankTests"),
            new[] { "peer", readMode, "pvfs:/read.bin" }.Concat(Spec).Concat(["--mem", dir.File("mine")]), Differential.Timeout, env);
        Assert.That(mine.ExitCode, Is.EqualTo(0), mine.Transcript);
        for (int r = 0; r < ranks; r++)
            Assert.That(File.ReadAllBytes(dir.File($"mine.rank{r}.mem")), Is.EqualTo(File.ReadAllBytes($"{reference}.rank{r}.mem")), $"memory image of rank {r}");
    }

    [Test]
    public void StripedFile_NoConfiguration_OpenFailsWithClearError()
    {
        using var dir = new TestDirectory();
        var run = MpiRun.Dotnet(1, RepoPaths.Program("MpiIo.RankTests"), ["peer", "write", "pvfs:/x.bin", "0", "byte", "byte", "byte", "4"], Differential.Timeout,
            new Dictionary<string, string> { ["MPIIO_PVFS_CONFIG"] = dir.File("missing.conf") });
        Assert.That(run.ExitCode, Is.EqualTo(3), run.Transcript);
        Assert.That(run.Error, Does.Contain("missing.conf"), run.Transcript);
    }
}
