using System.Globalization;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Striping;

namespace MpiIo.Tools.Commands;

/// <summary>Namespace tools: ls, mkdir, rm, stat, viewdist.</summary>
internal static class Namespace
{
    public const string LsHelp = "usage: mpiio ls [-l] pvfs:/dir [--config FILE]\nLists a directory; -l adds type, size and modification time.\n" + Common.ConfigHelp;

    public static int Ls(string[] argv)
    {
        var args = new ToolArgs(argv, Common.ConfigOption);
        string path = Common.PvfsName(args.Positional.Count == 0 ? "pvfs:/" : Common.One(args, "directory"));
        using var client = new PvfsClient(Common.Config(args));
        PvfsAttributes target = client.Lookup(path);
        IReadOnlyList<PvfsDirEntry> entries = target.Type == PvfsObjectType.Directory
            ? client.ReadDir(path)
            : [new PvfsDirEntry(path[(path.LastIndexOf('/') + 1)..], PvfsObjectType.File, target.Handle)];
        string dir = target.Type == PvfsObjectType.Directory ? path.TrimEnd('/') : path[..path.LastIndexOf('/')];
        foreach (PvfsDirEntry e in entries)
        {
            if (!args.Flag("-l"))
            {
                Console.WriteLine(e.Type == PvfsObjectType.Directory ? e.Name + "/" : e.Name);
                continue;
            }
            PvfsAttributes a = client.Stat(dir + "/" + e.Name);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(a.Type == PvfsObjectType.Directory ? 'd' : '-')} {Convert.ToString(a.Mode, 8),4} {a.Size,14} {DateTimeOffset.FromUnixTimeMilliseconds(a.ModifyTime):yyyy-MM-dd HH:mm:ss} {e.Name}"));
        }
        return 0;
    }

    public const string MkdirHelp = "usage: mpiio mkdir pvfs:/dir [--config FILE]\n" + Common.ConfigHelp;

    public static int Mkdir(string[] argv)
    {
        var args = new ToolArgs(argv, Common.ConfigOption);
        string path = Common.PvfsName(Common.One(args, "directory"));
        using var client = new PvfsClient(Common.Config(args));
        client.Mkdir(path);
        return 0;
    }

    public const string RmHelp = "usage: mpiio rm pvfs:/path [--config FILE]\nRemoves a file (name first, then its data objects) or an empty directory.\n" + Common.ConfigHelp;

    public static int Rm(string[] argv)
    {
        var args = new ToolArgs(argv, Common.ConfigOption);
        if (args.Positional.Count == 0)
            throw new UsageException("expected at least one path");
        using var client = new PvfsClient(Common.Config(args));
        foreach (string name in args.Positional)
            client.Remove(Common.PvfsName(name));
        return 0;
    }

    public const string StatHelp = "usage: mpiio stat pvfs:/path [--config FILE]\n" + Common.ConfigHelp;

    public static int Stat(string[] argv)
    {
        var args = new ToolArgs(argv, Common.ConfigOption);
        string path = Common.PvfsName(Common.One(args, "path"));
        using var client = new PvfsClient(Common.Config(args));
        PvfsAttributes a = client.Stat(path);
        Console.WriteLine($"path:     {path}");
        Console.WriteLine($"type:     {a.Type.ToString().ToLowerInvariant()}");
        Console.WriteLine($"handle:   {a.Handle}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mode:     {Convert.ToString(a.Mode, 8)}"));
        Console.WriteLine($"created:  {DateTimeOffset.FromUnixTimeMilliseconds(a.CreateTime):u}");
        Console.WriteLine($"modified: {DateTimeOffset.FromUnixTimeMilliseconds(a.ModifyTime):u}");
        if (a.Type == PvfsObjectType.File)
        {
            Console.WriteLine($"size:     {a.Size} ({Common.Bytes(a.Size)})");
            Console.WriteLine($"stripes:  {a.Layout.StripeSize} bytes over {a.Layout.ServerCount} servers from I/O server {a.Layout.Base}");
        }
        return 0;
    }

    public const string ViewDistHelp = "usage: mpiio viewdist pvfs:/file [--config FILE]\nShows the distribution and, per data object, its server, handle and bytes.\n" + Common.ConfigHelp;

    public static int ViewDist(string[] argv)
    {
        var args = new ToolArgs(argv, Common.ConfigOption);
        string path = Common.PvfsName(Common.One(args, "file"));
        using var client = new PvfsClient(Common.Config(args));
        using PvfsNativeFile file = client.Open(path);
        StripingLayout d = file.Layout;
        long size = file.GetSize();
        Console.WriteLine($"dist_name = simple_stripe");
        Console.WriteLine($"strip_size = {d.StripeSize}");
        Console.WriteLine($"num_datafiles = {d.ServerCount}");
        Console.WriteLine($"base = {d.Base}");
        Console.WriteLine($"size = {size}");
        for (int k = 0; k < d.ServerCount; k++)
        {
            int server = file.Attributes.Servers[k];
            Console.WriteLine($"datafile {k}: server {server} ({client.Config.Servers[server].Address}), handle {file.Attributes.DataHandles[k]:x16}, {StripeMath.LocalSize(d, size, k)} bytes");
        }
        return 0;
    }
}
