using MpiIo.Storage.Pvfs;
using MpiIo.Tests.Infrastructure;
using MpiIo.Tests.Pvfs;

namespace MpiIo.Tests.Btio;

/// <summary>
/// btio on the striped file system (<c>--fs pvfs:</c>): servers started in the test process on loopback
/// ports, the ranks configured through <c>MPIIO_PVFS_CONFIG</c>, the file read back here through a client.
/// </summary>
[TestFixture]
public class BtioStripedTests
{
    private TestDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TestDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    // The configuration file the ranks find through MPIIO_PVFS_CONFIG.
    private string WriteConfig(PvfsConfig config)
    {
        string path = _dir.File("fs.conf");
        File.WriteAllText(path, config.ToText());
        return path;
    }

    [Test]
    public void Run_ClassSFullIndexContentFourServers_VerifiesAndFileCountsUp()
    {
        // The PVFS paper's stripe size: 16 KiB, so every dump spreads over all four servers many times.
        using var cluster = PvfsTestCluster.Start(4, stripeSize: 16 * 1024);
        string conf = WriteConfig(cluster.Config);
        string json = _dir.File("r.json");
        var env = new Dictionary<string, string> { [PvfsConfig.ConfigVariable] = conf };
        var run = BtioProgram.Run(4, env, "--class", "S", "--subtype", "full", "--content", "index", "--fs", "pvfs:", "--dir", "/", "--json", json);
        BtioProgram.AssertVerified(run);
        Assert.That(BtioProgram.ReadJson(json).GetProperty("file_system").GetString(), Is.EqualTo("pvfs"));

        using var client = cluster.Client();
        using var file = client.Open("/btio.full.out");
        var bytes = new byte[12 * BtioProgram.DumpBytes(12)];
        Assert.That(file.ReadAt(0, bytes), Is.EqualTo(bytes.Length));
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes);
        for (int i = 0; i < values.Length; i++)
            if (values[i] != i) Assert.Fail($"double {i} of the file holds {values[i]}");
    }

    [Test]
    public void Run_StripedFileSystemNotConfigured_ExitsTwo()
    {
        var env = new Dictionary<string, string> { [PvfsConfig.ConfigVariable] = "", [PvfsConfig.TabVariable] = "" };
        var run = BtioProgram.Run(1, env, "--fs", "pvfs:", "--dir", "/btio");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error, Does.Contain("the file system 'pvfs:' is not available").And.Contain(PvfsConfig.ConfigVariable));
    }

    [Test]
    public void Run_DirectoryMissingOnStripedFileSystem_ExitsTwo()
    {
        using var cluster = PvfsTestCluster.Start(2);
        string conf = WriteConfig(cluster.Config);
        var env = new Dictionary<string, string> { [PvfsConfig.ConfigVariable] = conf };
        var run = BtioProgram.Run(1, env, "--fs", "pvfs:", "--dir", "/missing");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error, Does.Contain("the directory '/missing' does not exist on 'pvfs:'"));
        using var client = cluster.Client();
        Assert.That(client.ReadDir("/"), Is.Empty);
    }

    [Test]
    public void Run_StripedFileSystemUnreachable_ExitsTwo()
    {
        // A configuration whose only server is a loopback port nobody listens on.
        var config = new PvfsConfig
        {
            FileSystemId = 7, Timeout = TimeSpan.FromSeconds(2),
            Servers = [new PvfsServerEndpoint("127.0.0.1", TestPorts.Free(), MpiIo.Storage.Pvfs.Protocol.PvfsRoles.Both, _dir.File("io0"))],
        };
        string conf = WriteConfig(config);
        var env = new Dictionary<string, string> { [PvfsConfig.ConfigVariable] = conf };
        var run = BtioProgram.Run(1, env, "--fs", "pvfs:", "--dir", "/");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error, Does.Contain("the file system 'pvfs:' cannot be reached"));
    }
}
