using MpiIo.Server;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Paper.Driver;

/// <summary>
/// The striped file system the sweep runs on, in this process: a metadata server and <c>n</c> I/O servers on free
/// loopback ports, storage under one folder. <see cref="Dispose"/> stops every server; the caller removes the folder.
/// </summary>
internal sealed class EmbeddedFileSystem : IDisposable
{
    private readonly List<PvfsServer> _servers = [];

    private EmbeddedFileSystem(string configPath) => ConfigPath = configPath;

    /// <summary>The configuration with the bound ports, as the ranks read it (<c>MPIIO_PVFS_CONFIG</c>).</summary>
    public PvfsConfig Config { get; private set; } = new();

    /// <summary>Where <see cref="Config"/> is written.</summary>
    public string ConfigPath { get; }

    /// <summary>host:port of every server, metadata first.</summary>
    public IReadOnlyList<string> Addresses => Config.Servers.Select(s => s.Address).ToList();

    /// <summary>Starts the servers and writes the configuration to <paramref name="directory"/>/fs.conf.</summary>
    public static EmbeddedFileSystem Start(string directory, int ioServers, long stripeBytes)
    {
        var endpoints = new List<PvfsServerEndpoint> { new("127.0.0.1", 0, PvfsRoles.Metadata, Path.Combine(directory, "meta")) };
        for (int i = 0; i < ioServers; i++)
            endpoints.Add(new("127.0.0.1", 0, PvfsRoles.IO, Path.Combine(directory, $"io{i}")));
        var config = new PvfsConfig
        {
            FileSystemId = (ulong)Environment.ProcessId, StripeSize = stripeBytes, SyncData = false, SyncMeta = false,
            Timeout = TimeSpan.FromSeconds(60), Servers = endpoints,
        };
        var fs = new EmbeddedFileSystem(Path.Combine(directory, "fs.conf"));
        try
        {
            var bound = new List<PvfsServerEndpoint>();
            for (int i = 0; i < endpoints.Count; i++)
            {
                var server = new PvfsServer(config, i, new ServerLog(LogLevel.Error));
                fs._servers.Add(server);
                server.Start();
                bound.Add(endpoints[i] with { Port = server.Port });
            }
            fs.Config = config with { Servers = bound };
            File.WriteAllText(fs.ConfigPath, fs.Config.ToText());
            using var client = new PvfsClient(fs.Config);
            client.Mkdir("/paper");
        }
        catch
        {
            fs.Dispose();
            throw;
        }
        return fs;
    }

    /// <summary>Stops every server.</summary>
    public void Dispose()
    {
        foreach (PvfsServer server in _servers)
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _servers.Clear();
    }
}
