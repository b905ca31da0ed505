using System.Globalization;
using System.Security.Cryptography;
using MpiIo.Server;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Tools.Commands;

/// <summary>Configuration, serving and health: genconfig, serve, ping, statfs.</summary>
internal static class Admin
{
    public const string GenConfigHelp = """
        usage: mpiio genconfig --servers N --storage DIR --out FILE [--base-port P] [--secret S] [--host H]
                               [--stripe-size B] [--stripe-count C] [--sync none|data|meta|data,meta]
        Writes a configuration for N servers on one host: server 0 has the metadata and I/O roles, the
        others the I/O role; server i listens on port P+i (default 7000) and stores under DIR/server<i>.
        --sync says what is fsync'ed on every change (default meta; data is always made durable by a flush).
        """;

    public static int GenConfig(string[] argv)
    {
        var args = new ToolArgs(argv, new HashSet<string> { "--servers", "--storage", "--out", "--base-port", "--secret", "--host", "--stripe-size", "--stripe-count", "--sync" });
        int n = (int)args.Long("--servers", 0, 1);
        if (n < 1)
            throw new UsageException("--servers N is required");
        string storage = args.Option("--storage") ?? throw new UsageException("--storage DIR is required");
        string output = args.Option("--out") ?? throw new UsageException("--out FILE is required");
        int basePort = (int)args.Long("--base-port", 7000, 1);
        if (basePort + n - 1 > 65535)
            throw new UsageException("--base-port leaves no room for the servers below 65536");
        string host = args.Option("--host") ?? "127.0.0.1";
        var servers = new List<PvfsServerEndpoint>();
        for (int i = 0; i < n; i++)
        {
            servers.Add(new PvfsServerEndpoint(host, basePort + i, i == 0 ? PvfsRoles.Both : PvfsRoles.IO,
                Path.Combine(Path.GetFullPath(storage), $"server{i}")));
        }
        string sync = args.Option("--sync") ?? "meta";
        if (sync is not ("none" or "data" or "meta" or "data,meta" or "meta,data"))
            throw new UsageException($"--sync must be none, data, meta or data,meta, got '{sync}'");
        var config = new PvfsConfig
        {
            FileSystemId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1,
            StripeSize = args.Long("--stripe-size", 64 * 1024, 1),
            StripeCount = (int)args.Long("--stripe-count", 0),
            SyncData = sync.Contains("data", StringComparison.Ordinal),
            SyncMeta = sync.Contains("meta", StringComparison.Ordinal),
            Secret = args.Option("--secret"),
            Servers = servers,
        };
        PvfsConfig.Parse(config.ToText(), output); // the text must read back
        File.WriteAllText(output, config.ToText());
        Console.WriteLine($"wrote {output}: {n} servers on {host}:{basePort}-{basePort + n - 1}");
        return 0;
    }

    public const string ServeHelp = """
        usage: mpiio serve --config FILE [--log-level error|warn|info|debug]
        Runs, in this process, every server of the configuration whose host is this machine, until SIGTERM
        or SIGINT. Logs go to stderr.
        """;

    public static int Serve(string[] argv)
    {
        var args = new ToolArgs(argv, new HashSet<string> { "--config", "--log-level" });
        PvfsConfig config = Common.Config(args);
        var log = new ServerLog(ServerLog.ParseLevel(args.Option("--log-level") ?? Environment.GetEnvironmentVariable("MPIIO_LOG_LEVEL")));
        return PvfsServerHost.RunAsync(config, log).GetAwaiter().GetResult();
    }

    public const string PingHelp = "usage: mpiio ping [--config FILE]\nAsks every server who it is and checks that all belong to one file system with a root directory.\n" + Common.ConfigHelp;

    public static int Ping(string[] argv)
    {
        var args = new ToolArgs(argv, Common.ConfigOption);
        PvfsConfig config = Common.Config(args);
        using var client = new PvfsClient(config);
        int failures = 0;
        for (int i = 0; i < config.Servers.Count; i++)
        {
            try
            {
                PvfsServerInfo info = client.Ping(i);
                bool same = info.FileSystemId == config.FileSystemId && info.Index == i;
                Console.WriteLine($"server {i} {config.Servers[i].Address}: ok, roles {info.Roles}, up {TimeSpan.FromMilliseconds(info.UptimeMilliseconds):d\\.hh\\:mm\\:ss}{(same ? "" : ", WRONG file system or index")}");
                if (!same)
                    failures++;
            }
            catch (StorageException e)
            {
                Console.WriteLine($"server {i} {config.Servers[i].Address}: FAILED: {e.Message}");
                failures++;
            }
        }
        PvfsAttributes root = client.Lookup("/");
        Console.WriteLine($"root directory: handle {root.Handle}");
        if (failures > 0)
            throw new StorageException(MpiIo.Mpi.ErrorClass.IO, $"{failures} of {config.Servers.Count} servers failed");
        Console.WriteLine("all servers answered");
        return 0;
    }

    public const string StatfsHelp = "usage: mpiio statfs [--config FILE]\nPer server: role, bytes used and free, objects, uptime.\n" + Common.ConfigHelp;

    public static int Statfs(string[] argv)
    {
        var args = new ToolArgs(argv, Common.ConfigOption);
        PvfsConfig config = Common.Config(args);
        using var client = new PvfsClient(config);
        Console.WriteLine($"{"server",-6} {"address",-22} {"roles",-12} {"used",12} {"free",12} {"total",12} {"objects",8} uptime");
        for (int i = 0; i < config.Servers.Count; i++)
        {
            PvfsStatfs s = client.Statfs(i);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i,-6} {config.Servers[i].Address,-22} {s.Server.Roles,-12} {Common.Bytes(s.BytesUsed),12} {Common.Bytes(s.BytesFree),12} {Common.Bytes(s.BytesTotal),12} {s.Objects,8} {TimeSpan.FromMilliseconds(s.Server.UptimeMilliseconds):d\\.hh\\:mm\\:ss}"));
        }
        return 0;
    }
}
