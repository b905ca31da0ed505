using MpiIo.Storage.Pvfs;
using MpiIo.Tests.Infrastructure;
using MpiIo.Tests.Pvfs;

namespace MpiIo.Tests.CAbi;

/// <summary>
/// Issue 9's <c>pvfs:</c> names from C: a C program run with libmpiio.so preloaded writes its files onto the
/// striped file system (servers started by the test, 4 KiB stripes over 2 I/O servers) by giving
/// <c>pvfs:</c> as its output directory; the files read back from the servers are byte-identical to the ones
/// the same program writes through MPICH's MPI-IO on a local directory.
/// </summary>
[TestFixture]
public class CAbiStripedFileTests
{
    [TestCase("noncontig", 2)]
    [TestCase("nonblocking", 2)]
    [TestCase("split_coll", 2)]
    public void CProgram_PreloadedOnStripedFileSystem_FilesMatchMpich(string name, int ranks)
    {
        var program = AbiProgram.C(name);
        using var dir = new TestDirectory();
        var mpichDir = Directory.CreateDirectory(dir.File("mpich")).FullName;
        var mpich = program.RunMpich(ranks, mpichDir);
        program.AssertPassed(mpich, "MPICH", lib => !lib.Contains("libmpiio", StringComparison.Ordinal));

        var library = PreloadLibrary.Require();
        using var cluster = PvfsTestCluster.Start(2, stripeSize: 4096);
        var config = dir.File("fs.conf");
        File.WriteAllText(config, cluster.Config.ToText());
        var env = new Dictionary<string, string> { [PvfsConfig.ConfigVariable] = config };
        var preloaded = program.RunPreloaded(ranks, "pvfs:", library, env);
        program.AssertPassed(preloaded, "preloaded, pvfs:", lib => Path.GetFileName(lib) == Path.GetFileName(library));

        // The striped files, copied out next to MPICH's for the comparison.
        var stripedDir = Directory.CreateDirectory(dir.File("striped")).FullName;
        using (var client = cluster.Client())
            foreach (var entry in client.ReadDir("/"))
            {
                if (entry.Type != PvfsObjectType.File) continue;
                using var f = client.Open("/" + entry.Name);
                var bytes = new byte[f.GetSize()];
                Assert.That(f.ReadAt(0, bytes), Is.EqualTo(bytes.Length), $"reading {entry.Name} back from the servers");
                File.WriteAllBytes(Path.Combine(stripedDir, entry.Name), bytes);
            }
        var diffs = OutputComparison.Differences(mpichDir, stripedDir);
        Assert.That(diffs, Is.Empty, $"{name}: the files on the striped file system differ from MPICH's\n{string.Join('\n', diffs)}");
    }
}
