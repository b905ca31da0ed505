using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Tools.Commands;

/// <summary>What the PVFS commands share: finding the configuration and reading pvfs: names.</summary>
internal static class Common
{
    public const string ConfigHelp = "  --config FILE   the configuration (default: $" + PvfsConfig.ConfigVariable + ")";

    public static readonly HashSet<string> ConfigOption = ["--config"];

    public static PvfsConfig Config(ToolArgs args)
    {
        string? path = args.Option("--config");
        return path != null ? PvfsConfig.Load(path) : PvfsConfig.FromEnvironment();
    }

    public static bool IsPvfs(string name) => name.StartsWith("pvfs:", StringComparison.Ordinal);

    /// <summary>The path inside the file system of a <c>pvfs:/x</c> name (a bare absolute path is accepted too).</summary>
    public static string PvfsName(string name)
    {
        string path = IsPvfs(name) ? name["pvfs:".Length..] : name;
        if (!path.StartsWith('/'))
            throw new StorageException(ErrorClass.BadFile, $"'{name}' is not a pvfs:/path name");
        return PvfsPath.Normalize(path);
    }

    public static string One(ToolArgs args, string what)
    {
        if (args.Positional.Count != 1)
            throw new UsageException($"expected one {what}, got {args.Positional.Count}");
        return args.Positional[0];
    }

    public static string Bytes(long n)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return u == 0 ? $"{n} B" : $"{v:0.0} {units[u]}";
    }
}
