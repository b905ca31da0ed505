using MpiIo.Server;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Pvfs;

/// <summary>Servers started in this process on free loopback ports (port 0), each cluster its own storage directory.</summary>
internal sealed class PvfsTestCluster : IDisposable
{
    private readonly List<PvfsServer> _servers = [];
    private readonly TestDirectory _directory = new();

    public string Root => _directory.Path;

    public PvfsConfig Config { get; private set; } = new();

    public IReadOnlyList<PvfsServer> Servers => _servers;

    /// <summary>Starts a metadata+I/O server and <paramref name="ioServers"/> − 1 more I/O servers (or a separate metadata server).</summary>
    public static PvfsTestCluster Start(int ioServers, string? secret = null, bool separateMetadata = false, long stripeSize = 64 * 1024, bool sync = false)
    {
        var cluster = new PvfsTestCluster();
        string root = cluster.Root;
        var endpoints = new List<PvfsServerEndpoint>();
        if (separateMetadata)
            endpoints.Add(new("127.0.0.1", 0, PvfsRoles.Metadata, Path.Combine(root, "meta")));
        for (int i = 0; i < ioServers; i++)
        {
            PvfsRoles roles = !separateMetadata && i == 0 ? PvfsRoles.Both : PvfsRoles.IO;
            endpoints.Add(new("127.0.0.1", 0, roles, Path.Combine(root, $"io{i}")));
        }
        var config = new PvfsConfig
        {
            FileSystemId = 42, StripeSize = stripeSize, SyncData = sync, SyncMeta = sync, Secret = secret,
            Timeout = TimeSpan.FromSeconds(5), Servers = endpoints,
        };
        try
        {
            var bound = new List<PvfsServerEndpoint>();
            for (int i = 0; i < endpoints.Count; i++)
            {
                var server = new PvfsServer(config, i, new ServerLog(LogLevel.Error));
                cluster._servers.Add(server);
                server.Start();
                bound.Add(endpoints[i] with { Port = server.Port });
            }
            cluster.Config = config with { Servers = bound };
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
        return cluster;
    }

    public PvfsClient Client() => new(Config);

    public void Dispose()
    {
        foreach (PvfsServer server in _servers)
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _servers.Clear();
    }
}

/// <summary>Free loopback ports for tests.</summary>
internal static class TestPorts
{
    /// <summary>A loopback port nobody listens on at the moment of the call.</summary>
    public static int Free()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
