using MpiIo.Mpi;
using MpiIo.Storage.Pvfs.Protocol;
using MpiIo.Storage.Striping;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// The native PVFS client for programs that do not use MPI-IO (PVFS1's libpvfs): namespace operations through
/// the metadata server, file data straight to the I/O servers, one request per server per access, all in flight
/// at once. A small pool of multiplexed connections per server (used in turn, so concurrent callers' large sends
/// do not queue behind each other) is kept and reopened after a failure. Every call fails after
/// <see cref="Timeout"/> with a <see cref="StorageException"/> naming the server (host:port); nothing hangs.
/// Thread-safe.
/// </summary>
public sealed class PvfsClient : IDisposable
{
    /// <summary>Permission bits of new files and directories unless given.</summary>
    public const int DefaultMode = 0x1ED;

    private readonly PvfsConnection?[] _connections;
    private readonly object _gate = new();
    private readonly int[] _ioServers;
    private int _turn;
    private bool _disposed;

    /// <summary>Creates a client for the file system <paramref name="config"/> describes (connections open on first use).</summary>
    /// <param name="config">The file system.</param>
    /// <param name="connectionsPerServer">Connections kept per server (1–16); each carries any number of requests in flight.</param>
    public PvfsClient(PvfsConfig config, int connectionsPerServer = 2)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(connectionsPerServer, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(connectionsPerServer, 16);
        Config = config;
        Timeout = config.Timeout;
        ConnectionsPerServer = connectionsPerServer;
        _connections = new PvfsConnection?[config.Servers.Count * connectionsPerServer];
        _ioServers = config.IOServers();
    }

    /// <summary>Connections kept per server.</summary>
    public int ConnectionsPerServer { get; }

    /// <summary>A client configured from <c>MPIIO_PVFS_CONFIG</c> or the tab file in <c>MPIIO_PVFSTAB_FILE</c>.</summary>
    public static PvfsClient FromEnvironment() => new(PvfsConfig.FromEnvironment());

    /// <summary>The configuration.</summary>
    public PvfsConfig Config { get; }

    /// <summary>How long a call waits for servers before failing (default from the configuration, 10 s).</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>Configuration indices of the I/O servers; a layout's <see cref="StripingLayout.Base"/> indexes this list.</summary>
    public IReadOnlyList<int> IOServers => _ioServers;

    internal string AddressOf(int server) => Config.Servers[server].Address;

    private void ThrowIfDisposed()
    {
        if (_disposed)
            throw new StorageException(ErrorClass.File, "pvfs: the client is closed");
    }

    private PvfsConnection Connection(int server)
    {
        int slot = server * ConnectionsPerServer + (int)((uint)Interlocked.Increment(ref _turn) % (uint)ConnectionsPerServer);
        lock (_gate)
        {
            ThrowIfDisposed();
            PvfsConnection? connection = _connections[slot];
            if (connection != null && !connection.IsBroken)
                return connection;
            connection?.Dispose();
            _connections[slot] = null;
        }
        // Connect outside the lock so one dead server does not hold up calls to the others.
        PvfsConnection fresh = PvfsConnection.Connect(Config.Servers[server], Config.Secret, Timeout);
        lock (_gate)
        {
            PvfsConnection? raced = _connections[slot];
            if (_disposed || (raced != null && !raced.IsBroken))
            {
                fresh.Dispose();
                ThrowIfDisposed();
                return raced!;
            }
            _connections[slot] = fresh;
            return fresh;
        }
    }

    /// <summary>
    /// Sends a request (payload already after the header room of <paramref name="frame"/>, which the call takes over);
    /// a read's reply data goes straight where <paramref name="sink"/> says (null: into a pooled buffer).
    /// </summary>
    internal Task<PvfsResponse> Send(int server, PvfsOpcode opcode, byte[] frame, int payloadLength, PvfsReadSink? sink = null)
        => Send(server, opcode, frame, payloadLength, payloadLength, default, default, 0, sink);

    /// <summary>
    /// Sends a request whose payload is <paramref name="framed"/> bytes after the header room of <paramref name="frame"/>
    /// (taken over) and then the pieces of <paramref name="data"/> that <paramref name="runs"/> names from stream position
    /// <paramref name="skip"/> on, straight from the caller's memory.
    /// </summary>
    internal Task<PvfsResponse> Send(int server, PvfsOpcode opcode, byte[] frame, int payloadLength, int framed, ReadOnlySpan<byte> data,
        ServerRunEnumerator runs, long skip, PvfsReadSink? sink = null)
    {
        PvfsConnection connection;
        try
        {
            connection = Connection(server);
        }
        catch
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(frame);
            throw;
        }
        return connection.Call(opcode, frame, payloadLength, framed, data, runs, skip, sink);
    }

    /// <summary>Sends a request and waits for a successful reply.</summary>
    internal PvfsResponse Call(int server, PvfsOpcode opcode, byte[] frame, int payloadLength)
    {
        Task<PvfsResponse> reply = Send(server, opcode, frame, payloadLength);
        PvfsResponse response;
        if (!PvfsConnection.WaitQuietly(reply, Timeout))
        {
            Abandon(server);
            PvfsConnection.DisposeLate(reply);
            throw TimedOut(server);
        }
        response = reply.GetAwaiter().GetResult();
        response.ThrowIfError(AddressOf(server));
        return response;
    }

    private StorageException TimedOut(int server)
        => new(ErrorClass.IO, $"pvfs server {AddressOf(server)}: no answer within {Timeout.TotalSeconds:0.###} s");

    // A server that let a call time out is treated as gone: every connection to it is dropped.
    private void Abandon(int server)
    {
        lock (_gate)
        {
            for (int slot = server * ConnectionsPerServer; slot < (server + 1) * ConnectionsPerServer; slot++)
                _connections[slot]?.Abandon("a call timed out");
        }
    }

    /// <summary>
    /// Waits for every reply under one deadline. On success every task holds a successful response (the caller
    /// disposes them); on failure every response is disposed and the first error, naming its server, is thrown.
    /// </summary>
    internal void WaitAll(Task<PvfsResponse>?[] replies, IReadOnlyList<int> servers)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        int late = -1;
        for (int i = 0; i < replies.Length; i++)
        {
            Task<PvfsResponse>? reply = replies[i];
            if (reply == null)
                continue;
            TimeSpan left = deadline - DateTime.UtcNow;
            if (!PvfsConnection.WaitQuietly(reply, left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                late = i;
                break;
            }
        }
        Settle(replies, servers, late);
    }

    /// <summary>The same as <see cref="WaitAll"/> without blocking a thread while the replies are out.</summary>
    internal async Task WaitAllAsync(Task<PvfsResponse>?[] replies, IReadOnlyList<int> servers)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        int late = -1;
        for (int i = 0; i < replies.Length; i++)
        {
            Task<PvfsResponse>? reply = replies[i];
            if (reply == null || reply.IsCompleted)
                continue;
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left > TimeSpan.Zero)
                await ((Task)reply).WaitAsync(left).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!reply.IsCompleted)
            {
                late = i;
                break;
            }
        }
        Settle(replies, servers, late);
    }

    // After the wait: success leaves every reply to the caller; otherwise every response is disposed, servers that
    // did not answer are abandoned, and the first error (a timeout at `late`, or a server's) is thrown.
    private void Settle(Task<PvfsResponse>?[] replies, IReadOnlyList<int> servers, int late)
    {
        Exception? error = late >= 0 ? TimedOut(servers[late]) : null;
        for (int i = 0; i < replies.Length && error == null; i++)
        {
            Task<PvfsResponse>? reply = replies[i];
            if (reply == null)
                continue;
            if (!reply.IsCompletedSuccessfully)
                error = reply.Exception?.InnerException ?? new StorageException(ErrorClass.IO, $"pvfs server {AddressOf(servers[i])}: request failed");
            else if (reply.Result.Header.Status != 0)
            {
                try
                {
                    reply.Result.ThrowIfError(AddressOf(servers[i]));
                }
                catch (StorageException e)
                {
                    error = e;
                    replies[i] = null; // ThrowIfError returned its buffer
                }
            }
        }
        if (error == null)
            return;
        for (int i = 0; i < replies.Length; i++)
        {
            Task<PvfsResponse>? reply = replies[i];
            if (reply == null)
                continue;
            if (reply.IsCompleted)
            {
                if (reply.IsCompletedSuccessfully)
                    reply.Result.Dispose();
            }
            else
            {
                Abandon(servers[i]);
                PvfsConnection.DisposeLate(reply);
            }
        }
        throw error;
    }

    private static byte[] PathFrame(string path, int extra, out SpanWriter writer)
    {
        int bound = SpanWriter.StringBound(path) + extra;
        byte[] frame = PvfsConnection.RentFrame(bound);
        writer = new SpanWriter(frame.AsSpan(FrameHeader.Size, bound));
        writer.WriteString(path);
        return frame;
    }

    private PvfsAttributes MetaCall(PvfsOpcode opcode, byte[] frame, int length)
    {
        using PvfsResponse reply = Call(Config.MetadataServer, opcode, frame, length);
        var reader = new SpanReader(reply.Payload);
        return PvfsAttributes.Read(ref reader);
    }

    /// <summary>Asks one server who it is (pvfs2-ping).</summary>
    /// <param name="server">Configuration index.</param>
    public PvfsServerInfo Ping(int server)
    {
        using PvfsResponse reply = Call(server, PvfsOpcode.Ping, PvfsConnection.RentFrame(0), 0);
        var reader = new SpanReader(reply.Payload);
        return PvfsServerInfo.Read(ref reader);
    }

    /// <summary>One server's storage figures (pvfs2-statfs).</summary>
    public PvfsStatfs Statfs(int server)
    {
        using PvfsResponse reply = Call(server, PvfsOpcode.Statfs, PvfsConnection.RentFrame(0), 0);
        var reader = new SpanReader(reply.Payload);
        return PvfsStatfs.Read(ref reader);
    }

    /// <summary>The configuration text a server holds (without the secret).</summary>
    public string GetConfigText(int server)
    {
        using PvfsResponse reply = Call(server, PvfsOpcode.GetConfig, PvfsConnection.RentFrame(0), 0);
        var reader = new SpanReader(reply.Payload);
        return reader.ReadString("config", FrameHeader.MaxPayloadLength);
    }

    /// <summary>Attributes of a path, with a file's logical size derived from its data objects.</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_NO_SUCH_FILE</c> when missing.</exception>
    public PvfsAttributes Stat(string path)
    {
        PvfsAttributes attributes = Lookup(path);
        return attributes.Type == PvfsObjectType.File ? attributes with { Size = FileSize(attributes) } : attributes;
    }

    /// <summary>Attributes from the metadata server only (<see cref="PvfsAttributes.Size"/> is 0).</summary>
    public PvfsAttributes Lookup(string path)
    {
        path = PvfsPath.Normalize(path);
        byte[] frame = PathFrame(path, 0, out SpanWriter writer);
        return MetaCall(PvfsOpcode.Lookup, frame, writer.Position);
    }

    /// <summary>Whether a path exists.</summary>
    public bool Exists(string path) => TryLookup(PvfsPath.Normalize(path)) != null;

    /// <summary>Makes a directory.</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_FILE_EXISTS</c>, or <c>MPI_ERR_NO_SUCH_FILE</c> when the parent is missing.</exception>
    public void Mkdir(string path, int mode = DefaultMode)
    {
        path = PvfsPath.Normalize(path);
        byte[] frame = PathFrame(path, 4, out SpanWriter writer);
        writer.WriteInt32(mode);
        MetaCall(PvfsOpcode.Mkdir, frame, writer.Position);
    }

    /// <summary>Lists a directory, sorted by name.</summary>
    public IReadOnlyList<PvfsDirEntry> ReadDir(string path)
    {
        path = PvfsPath.Normalize(path);
        var entries = new List<PvfsDirEntry>();
        string after = "";
        while (true)
        {
            byte[] frame = PathFrame(path, SpanWriter.StringBound(after) + 4, out SpanWriter writer);
            writer.WriteString(after);
            writer.WriteInt32(1024);
            using PvfsResponse reply = Call(Config.MetadataServer, PvfsOpcode.ReadDir, frame, writer.Position);
            var reader = new SpanReader(reply.Payload);
            int count = reader.ReadCount("entry count", 1024);
            for (int i = 0; i < count; i++)
                entries.Add(PvfsDirEntry.Read(ref reader));
            if (count < 1024)
                return entries;
            after = entries[^1].Name;
        }
    }

    /// <summary>Changes a file's or directory's mode and modification time.</summary>
    public PvfsAttributes SetAttr(string path, int mode, DateTimeOffset modifyTime)
    {
        path = PvfsPath.Normalize(path);
        byte[] frame = PathFrame(path, 12, out SpanWriter writer);
        writer.WriteInt32(mode);
        writer.WriteInt64(modifyTime.ToUnixTimeMilliseconds());
        return MetaCall(PvfsOpcode.SetAttr, frame, writer.Position);
    }

    /// <summary>
    /// Removes a file or an empty directory: the namespace entry first (one transaction), then the file's data
    /// objects, so the name disappears atomically and a crash can only leave unreachable data objects.
    /// </summary>
    /// <exception cref="StorageException"><c>MPI_ERR_NO_SUCH_FILE</c> when missing; <c>MPI_ERR_FILE_IN_USE</c> for a non-empty directory.</exception>
    public void Remove(string path)
    {
        path = PvfsPath.Normalize(path);
        byte[] frame = PathFrame(path, 0, out SpanWriter writer);
        PvfsAttributes removed = MetaCall(PvfsOpcode.Remove, frame, writer.Position);
        if (removed.Type == PvfsObjectType.File)
            RemoveDataObjects(removed.Servers, removed.DataHandles, ignoreMissing: true);
    }

    private void RemoveDataObjects(IReadOnlyList<int> servers, IReadOnlyList<ulong> handles, bool ignoreMissing)
    {
        try
        {
            Release(ToDataObjects(PvfsOpcode.RemoveData, servers, handles, default, default));
        }
        catch (StorageException e) when (ignoreMissing && e.ErrorClass == ErrorClass.NoSuchFile)
        {
            // Already gone: removal is idempotent.
        }
    }

    /// <summary>
    /// Sends one small request to each data object (its handle, then <paramref name="values"/>[k] when given), all
    /// at once, skipping objects where <paramref name="skip"/>[k] is true (empty: none), and waits for every reply.
    /// </summary>
    /// <returns>The successful replies (null where skipped); the caller disposes them, e.g. with <see cref="Release"/>.</returns>
    internal Task<PvfsResponse>?[] ToDataObjects(PvfsOpcode opcode, IReadOnlyList<int> servers, IReadOnlyList<ulong> handles, ReadOnlySpan<long> values, ReadOnlySpan<bool> skip)
    {
        int length = values.IsEmpty ? 8 : 16;
        var replies = new Task<PvfsResponse>?[servers.Count];
        try
        {
            for (int k = 0; k < replies.Length; k++)
            {
                if (!skip.IsEmpty && skip[k])
                    continue;
                byte[] frame = PvfsConnection.RentFrame(length);
                var writer = new SpanWriter(frame.AsSpan(FrameHeader.Size, length));
                writer.WriteUInt64(handles[k]);
                if (!values.IsEmpty)
                    writer.WriteInt64(values[k]);
                replies[k] = Send(servers[k], opcode, frame, length);
            }
        }
        catch
        {
            Abandon(replies);
            throw;
        }
        WaitAll(replies, servers);
        return replies;
    }

    /// <summary>Returns the buffers of finished replies.</summary>
    internal static void Release(Task<PvfsResponse>?[] replies)
    {
        foreach (Task<PvfsResponse>? reply in replies)
            reply?.Result.Dispose();
    }

    /// <summary>Lets requests already sent finish on their own when the caller gives up on them.</summary>
    internal static void Abandon(Task<PvfsResponse>?[] replies)
    {
        foreach (Task<PvfsResponse>? reply in replies)
            if (reply != null)
                PvfsConnection.DisposeLate(reply);
    }

    /// <summary>Opens an existing file (pvfs_open).</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_NO_SUCH_FILE</c> when missing; <c>MPI_ERR_BAD_FILE</c> for a directory.</exception>
    public PvfsNativeFile Open(string path)
    {
        path = PvfsPath.Normalize(path);
        PvfsAttributes attributes = Lookup(path);
        if (attributes.Type != PvfsObjectType.File)
            throw new StorageException(ErrorClass.BadFile, $"pvfs: '{path}' is a directory");
        return new PvfsNativeFile(this, path, attributes);
    }

    /// <summary>
    /// Creates a file with a distribution (pvfs_open with O_CREAT), or opens it when it exists and
    /// <paramref name="exclusive"/> is false. The data objects are made first, then the metadata and the directory
    /// entry in one transaction, so no half-created file is ever visible.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="layout">Stripe size, server count (≤ the I/O servers; 0 or less means the configured default) and first I/O server; null for the configuration's defaults.</param>
    /// <param name="exclusive">Fail with <c>MPI_ERR_FILE_EXISTS</c> if the file exists.</param>
    /// <param name="mode">Permission bits.</param>
    public PvfsNativeFile Create(string path, StripingLayout? layout = null, bool exclusive = false, int mode = DefaultMode)
    {
        path = PvfsPath.Normalize(path);
        StripingLayout chosen = ResolveLayout(layout);
        PvfsAttributes? existing = TryLookup(path);
        if (existing != null)
        {
            if (exclusive)
                throw new StorageException(ErrorClass.FileExists, $"pvfs: '{path}' already exists");
            if (existing.Type != PvfsObjectType.File)
                throw new StorageException(ErrorClass.BadFile, $"pvfs: '{path}' is a directory");
            return new PvfsNativeFile(this, path, existing);
        }
        int[] servers = new int[chosen.ServerCount];
        for (int k = 0; k < servers.Length; k++)
            servers[k] = _ioServers[StripeMath.FileServer(chosen, k, _ioServers.Length)];
        ulong[] handles = CreateDataObjects(servers);
        var wanted = new PvfsAttributes { Type = PvfsObjectType.File, Layout = chosen, Servers = servers, DataHandles = handles };
        byte[] frame = PathFrame(path, 4 + wanted.EncodedLength, out SpanWriter writer);
        writer.WriteInt32(mode);
        wanted.Write(ref writer);
        PvfsAttributes created;
        try
        {
            created = MetaCall(PvfsOpcode.Create, frame, writer.Position);
        }
        catch (StorageException e)
        {
            TryRemoveDataObjects(servers, handles);
            if (e.ErrorClass == ErrorClass.FileExists && !exclusive)
                return Open(path);
            throw;
        }
        return new PvfsNativeFile(this, path, created);
    }

    private PvfsAttributes? TryLookup(string path)
    {
        try
        {
            return Lookup(path);
        }
        catch (StorageException e) when (e.ErrorClass == ErrorClass.NoSuchFile)
        {
            return null;
        }
    }

    private void TryRemoveDataObjects(int[] servers, ulong[] handles)
    {
        try
        {
            RemoveDataObjects(servers, handles, ignoreMissing: true);
        }
        catch (StorageException)
        {
            // Unreachable data objects are harmless; the original error matters more.
        }
    }

    private ulong[] CreateDataObjects(int[] servers)
    {
        var replies = new Task<PvfsResponse>?[servers.Length];
        for (int k = 0; k < servers.Length; k++)
            replies[k] = Send(servers[k], PvfsOpcode.CreateData, PvfsConnection.RentFrame(0), 0);
        WaitAll(replies, servers);
        var handles = new ulong[servers.Length];
        for (int k = 0; k < servers.Length; k++)
        {
            using PvfsResponse reply = replies[k]!.Result;
            var reader = new SpanReader(reply.Payload);
            handles[k] = reader.ReadUInt64("data handle");
        }
        return handles;
    }

    /// <summary>The layout a new file gets: the request's fields where given, the configuration's defaults elsewhere.</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_ARG</c> for a negative base or stripe size, or more servers than there are I/O servers.</exception>
    public StripingLayout ResolveLayout(StripingLayout? requested)
    {
        StripingLayout r = requested ?? default;
        long size = r.StripeSize > 0 ? r.StripeSize : Config.StripeSize;
        int n = _ioServers.Length;
        int count = r.ServerCount > 0 ? r.ServerCount : Config.StripeCount > 0 ? Math.Min(Config.StripeCount, n) : n;
        if (r.StripeSize < 0)
            throw new StorageException(ErrorClass.Arg, $"pvfs: stripe size must not be negative, got {r.StripeSize}");
        if (count > n)
            throw new StorageException(ErrorClass.Arg, $"pvfs: stripe count {count} exceeds the {n} I/O servers");
        if (r.Base < 0)
            throw new StorageException(ErrorClass.Arg, $"pvfs: first I/O server must not be negative, got {r.Base}");
        return new StripingLayout(size, count, r.Base % n);
    }

    /// <summary>The logical size of a file: every data object's size, asked in parallel, combined by <see cref="StripeMath.LogicalSize"/>.</summary>
    internal long FileSize(PvfsAttributes attributes)
    {
        Span<long> sizes = attributes.Servers.Count <= 256 ? stackalloc long[attributes.Servers.Count] : new long[attributes.Servers.Count];
        DataSizes(attributes, default, sizes);
        return StripeMath.LogicalSize(attributes.Layout, sizes);
    }

    /// <summary>Fills <paramref name="sizes"/>[k] with data object k's size, skipping servers where <paramref name="skip"/>[k] is true (empty: none).</summary>
    internal void DataSizes(PvfsAttributes attributes, ReadOnlySpan<bool> skip, Span<long> sizes)
    {
        Task<PvfsResponse>?[] replies = ToDataObjects(PvfsOpcode.GetSize, attributes.Servers, attributes.DataHandles, default, skip);
        for (int k = 0; k < replies.Length; k++)
        {
            if (replies[k] == null)
                continue;
            using PvfsResponse reply = replies[k]!.Result;
            var reader = new SpanReader(reply.Payload);
            sizes[k] = reader.ReadInt64("size");
        }
    }

    /// <summary>Closes every connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            for (int i = 0; i < _connections.Length; i++)
            {
                _connections[i]?.Dispose();
                _connections[i] = null;
            }
        }
    }
}
