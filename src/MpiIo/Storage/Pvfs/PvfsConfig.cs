using System.Globalization;
using System.Text;
using MpiIo.Mpi;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// The configuration every server and client of one file system shares, as a small INI-like text:
/// <code>
/// fsid = 1234
/// stripe_size = 65536
/// stripe_count = 0          # 0 = all I/O servers
/// sync = meta               # data, meta, data,meta or none (default meta)
/// timeout_ms = 10000
/// secret = s3cret           # optional; clients and servers must agree
/// [server]
/// address = 127.0.0.1:7000
/// roles = metadata,io
/// storage = /var/lib/mpiio/0
/// </code>
/// Exactly one server has the metadata role; at least one has the I/O role.
/// </summary>
public sealed record PvfsConfig
{
    /// <summary>Environment variable naming the configuration file.</summary>
    public const string ConfigVariable = "MPIIO_PVFS_CONFIG";

    /// <summary>Environment variable naming a tab file (like PVFS2TAB_FILE) whose <c>pvfs</c> line names the configuration file.</summary>
    public const string TabVariable = "MPIIO_PVFSTAB_FILE";

    /// <summary>Identifies the file system; every server answers pings with it.</summary>
    public ulong FileSystemId { get; init; }

    /// <summary>Default stripe size for new files (64 KiB).</summary>
    public long StripeSize { get; init; } = 64 * 1024;

    /// <summary>Default number of I/O servers per new file; 0 means all.</summary>
    public int StripeCount { get; init; }

    /// <summary>fsync data objects after every write (PVFS2's TroveSyncData; off by default: a flush makes data durable).</summary>
    public bool SyncData { get; init; }

    /// <summary>Make metadata transactions durable before answering (PVFS2's TroveSyncMeta).</summary>
    public bool SyncMeta { get; init; } = true;

    /// <summary>How long a client waits for a server before failing the call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Shared secret for the HMAC handshake; null means no authentication.</summary>
    public string? Secret { get; init; }

    /// <summary>The servers, in configuration order (their index is their identity).</summary>
    public IReadOnlyList<PvfsServerEndpoint> Servers { get; init; } = [];

    /// <summary>Index of the metadata server.</summary>
    public int MetadataServer
    {
        get
        {
            for (int i = 0; i < Servers.Count; i++)
                if ((Servers[i].Roles & PvfsRoles.Metadata) != 0)
                    return i;
            throw new StorageException(ErrorClass.Arg, "pvfs config: no server has the metadata role");
        }
    }

    /// <summary>Indices of the I/O servers, in configuration order.</summary>
    public int[] IOServers()
    {
        var list = new List<int>();
        for (int i = 0; i < Servers.Count; i++)
            if ((Servers[i].Roles & PvfsRoles.IO) != 0)
                list.Add(i);
        return [.. list];
    }

    /// <summary>Reads a configuration file.</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_NO_SUCH_FILE</c> when missing, <c>MPI_ERR_ARG</c> naming the bad line.</exception>
    public static PvfsConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(ErrorClass.NoSuchFile, $"pvfs config '{path}' cannot be read: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Finds the configuration through <see cref="ConfigVariable"/>, else the tab file named by <see cref="TabVariable"/>.</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_NO_SUCH_FILE</c> when neither is set.</exception>
    public static PvfsConfig FromEnvironment()
    {
        string? path = Environment.GetEnvironmentVariable(ConfigVariable);
        if (string.IsNullOrEmpty(path))
        {
            string? tab = Environment.GetEnvironmentVariable(TabVariable);
            if (string.IsNullOrEmpty(tab))
                throw new StorageException(ErrorClass.NoSuchFile, $"pvfs: set {ConfigVariable} to a configuration file (or {TabVariable} to a tab file)");
            path = ConfigFromTab(tab);
        }
        return Load(path);
    }

    private static string ConfigFromTab(string tab)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(tab);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(ErrorClass.NoSuchFile, $"pvfs tab file '{tab}' cannot be read: {e.Message}", e);
        }
        foreach (string raw in lines)
        {
            string[] fields = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && !fields[0].StartsWith('#') && fields[0].TrimEnd(':') == "pvfs")
                return fields[^1];
        }
        throw new StorageException(ErrorClass.NoSuchFile, $"pvfs tab file '{tab}' has no 'pvfs <config>' line");
    }

    /// <summary>Parses configuration text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="source">Names the text in error messages.</param>
    public static PvfsConfig Parse(string text, string source = "config")
    {
        var config = new PvfsConfig();
        var servers = new List<PvfsServerEndpoint>();
        PvfsServerEndpoint? current = null;
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw;
            int hash = line.IndexOf('#');
            if (hash >= 0)
                line = line[..hash];
            line = line.Trim();
            if (line.Length == 0)
                continue;
            StorageException Bad(string why) => new(ErrorClass.Arg, $"pvfs config {source}:{lineNumber}: {why}");
            if (line.StartsWith('['))
            {
                if (line != "[server]")
                    throw Bad($"unknown section '{line}'");
                if (current != null)
                    servers.Add(current);
                current = new PvfsServerEndpoint("", -1, PvfsRoles.None, "");
                continue;
            }
            int eq = line.IndexOf('=');
            if (eq <= 0)
                throw Bad("expected 'key = value'");
            string key = line[..eq].Trim();
            string value = line[(eq + 1)..].Trim();
            if (current != null)
            {
                current = key switch
                {
                    "address" => WithAddress(current, value, Bad),
                    "roles" => current with { Roles = ParseRoles(value, Bad) },
                    "storage" => current with { StorageDirectory = value },
                    _ => throw Bad($"unknown server key '{key}'"),
                };
                continue;
            }
            config = key switch
            {
                "fsid" => config with { FileSystemId = ulong.TryParse(value, CultureInfo.InvariantCulture, out ulong id) ? id : throw Bad("fsid must be a number") },
                "stripe_size" => config with { StripeSize = ParseLong(value, 1, Bad, key) },
                "stripe_count" => config with { StripeCount = (int)ParseLong(value, 0, Bad, key) },
                "sync" => value is "none" or "data" or "meta" or "data,meta" or "meta,data"
                    ? config with { SyncData = value.Contains("data", StringComparison.Ordinal), SyncMeta = value.Contains("meta", StringComparison.Ordinal) }
                    : throw Bad("sync must be none, data, meta or data,meta"),
                "timeout_ms" => config with { Timeout = TimeSpan.FromMilliseconds(ParseLong(value, 1, Bad, key)) },
                "secret" => config with { Secret = value.Length == 0 ? null : value },
                _ => throw Bad($"unknown key '{key}'"),
            };
        }
        if (current != null)
            servers.Add(current);
        config = config with { Servers = servers };
        config.Check(source);
        return config;
    }

    private static long ParseLong(string value, long min, Func<string, StorageException> bad, string key)
    {
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n < min || n > int.MaxValue)
            throw bad($"{key} must be an integer in [{min}, {int.MaxValue}]");
        return n;
    }

    private static PvfsServerEndpoint WithAddress(PvfsServerEndpoint server, string value, Func<string, StorageException> bad)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            throw bad($"address '{value}' is not host:port");
        return server with { Host = value[..colon], Port = port };
    }

    private static PvfsRoles ParseRoles(string value, Func<string, StorageException> bad)
    {
        PvfsRoles roles = PvfsRoles.None;
        foreach (string part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            roles |= part switch
            {
                "metadata" or "meta" => PvfsRoles.Metadata,
                "io" or "data" => PvfsRoles.IO,
                _ => throw bad($"unknown role '{part}'"),
            };
        }
        return roles;
    }

    private void Check(string source)
    {
        if (Servers.Count == 0)
            throw new StorageException(ErrorClass.Arg, $"pvfs config {source}: no [server] sections");
        int meta = 0, io = 0;
        for (int i = 0; i < Servers.Count; i++)
        {
            PvfsServerEndpoint s = Servers[i];
            if (s.Port < 0 || s.Host.Length == 0)
                throw new StorageException(ErrorClass.Arg, $"pvfs config {source}: server {i} has no address");
            if (s.Roles == PvfsRoles.None)
                throw new StorageException(ErrorClass.Arg, $"pvfs config {source}: server {i} has no roles");
            if (s.StorageDirectory.Length == 0)
                throw new StorageException(ErrorClass.Arg, $"pvfs config {source}: server {i} has no storage directory");
            if ((s.Roles & PvfsRoles.Metadata) != 0)
                meta++;
            if ((s.Roles & PvfsRoles.IO) != 0)
                io++;
        }
        if (meta != 1)
            throw new StorageException(ErrorClass.Arg, $"pvfs config {source}: exactly one server must have the metadata role, found {meta}");
        if (io == 0)
            throw new StorageException(ErrorClass.Arg, $"pvfs config {source}: no server has the I/O role");
    }

    /// <summary>The configuration as text that <see cref="Parse"/> reads back.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"fsid = {FileSystemId}\n");
        text.Append(CultureInfo.InvariantCulture, $"stripe_size = {StripeSize}\n");
        text.Append(CultureInfo.InvariantCulture, $"stripe_count = {StripeCount}\n");
        string sync = SyncData && SyncMeta ? "data,meta" : SyncData ? "data" : SyncMeta ? "meta" : "none";
        text.Append(CultureInfo.InvariantCulture, $"sync = {sync}\n");
        text.Append(CultureInfo.InvariantCulture, $"timeout_ms = {(long)Timeout.TotalMilliseconds}\n");
        if (Secret != null)
            text.Append(CultureInfo.InvariantCulture, $"secret = {Secret}\n");
        foreach (PvfsServerEndpoint s in Servers)
        {
            string roles = s.Roles == PvfsRoles.Both ? "metadata,io" : s.Roles == PvfsRoles.Metadata ? "metadata" : "io";
            text.Append(CultureInfo.InvariantCulture, $"\n[server]\naddress = {s.Host}:{s.Port}\nroles = {roles}\nstorage = {s.StorageDirectory}\n");
        }
        return text.ToString();
    }
}
