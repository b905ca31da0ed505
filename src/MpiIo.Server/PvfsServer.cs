using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Server;

/// <summary>
/// One PVFS server: the roles its configuration entry gives it, a TCP listener and one task per connection that
/// receives, runs and answers its requests in turn (replies are tagged with the request id, and a client keeps many
/// requests in flight over its connections). Stateless with respect to
/// clients: a connection carries nothing but its authentication.
/// </summary>
public sealed partial class PvfsServer : IAsyncDisposable
{
    /// <summary>Most directory entries in one ReadDir reply.</summary>
    public const int MaxDirEntries = 1024;

    private readonly PvfsConfig _config;
    private readonly PvfsServerEndpoint _endpoint;
    private readonly ServerLog _log;
    private readonly string _name;
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly DataStore? _data;
    private readonly MetadataStore? _meta;
    private Socket? _listener;
    private Task? _acceptLoop;

    /// <summary>Creates server <paramref name="index"/> of <paramref name="config"/> and opens its storage (not yet listening).</summary>
    public PvfsServer(PvfsConfig config, int index, ServerLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, config.Servers.Count);
        _config = config;
        Index = index;
        _endpoint = config.Servers[index];
        _log = log ?? new ServerLog();
        _name = $"server {index} {_endpoint.Address}";
        if ((_endpoint.Roles & PvfsRoles.IO) != 0)
            _data = new DataStore(_endpoint.StorageDirectory, config.SyncData, config.SyncMeta);
        if ((_endpoint.Roles & PvfsRoles.Metadata) != 0)
            _meta = new MetadataStore(_endpoint.StorageDirectory, config.SyncMeta);
    }

    /// <summary>The server's index in the configuration.</summary>
    public int Index { get; }

    /// <summary>The port it listens on (the real one when the configuration said 0).</summary>
    public int Port { get; private set; }

    /// <summary>Binds the listener and starts accepting connections.</summary>
    public void Start()
    {
        IPAddress address = IPAddress.TryParse(_endpoint.Host, out IPAddress? parsed) ? parsed
            : _endpoint.Host == "localhost" ? IPAddress.Loopback : IPAddress.Any;
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, _endpoint.Port));
            listener.Listen(128);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new StorageException(ErrorClass.IO, $"pvfs {_name}: cannot listen: {e.Message}", e);
        }
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _log.Write(LogLevel.Info, _name, $"listening on port {Port}, roles {_endpoint.Roles}, storage {_endpoint.StorageDirectory}");
        _acceptLoop = AcceptLoopAsync(listener);
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                    return;
                _log.Write(LogLevel.Warn, _name, $"accept failed: {e.Message}");
                continue;
            }
            client.NoDelay = true;
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(ServeConnectionAsync(client));
            }
        }
    }

    /// <summary>Stops accepting, closes connections and waits for requests in progress.</summary>
    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        _stop.Cancel();
        _listener?.Dispose();
        if (_acceptLoop != null)
            await _acceptLoop.ConfigureAwait(false);
        Task[] open;
        lock (_connections)
            open = [.. _connections];
        await Task.WhenAll(open).ConfigureAwait(false);
        _meta?.Dispose();
        _data?.Dispose();
        _log.Write(LogLevel.Info, _name, "stopped");
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private PvfsServerInfo Info() => new(Index, _endpoint.Roles, _config.FileSystemId, _uptime.ElapsedMilliseconds);
}
