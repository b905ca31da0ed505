using MpiIo.Storage;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Tools;

/// <summary>The <c>mpiio</c> command: one subcommand per tool, PVFS2's utilities under one roof.</summary>
internal static class Program
{
    private static readonly (string Name, string Summary, Func<string[], int> Run, string Help)[] Table =
    [
        ("genconfig", "write a configuration for N local servers", Commands.Admin.GenConfig, Commands.Admin.GenConfigHelp),
        ("serve", "run the servers of a configuration that live on this host", Commands.Admin.Serve, Commands.Admin.ServeHelp),
        ("ping", "check that every server answers with the same file system", Commands.Admin.Ping, Commands.Admin.PingHelp),
        ("statfs", "per-server bytes used/free, objects, uptime, roles", Commands.Admin.Statfs, Commands.Admin.StatfsHelp),
        ("ls", "list a directory", Commands.Namespace.Ls, Commands.Namespace.LsHelp),
        ("mkdir", "make a directory", Commands.Namespace.Mkdir, Commands.Namespace.MkdirHelp),
        ("rm", "remove a file or an empty directory", Commands.Namespace.Rm, Commands.Namespace.RmHelp),
        ("stat", "show a file's attributes", Commands.Namespace.Stat, Commands.Namespace.StatHelp),
        ("viewdist", "show a file's distribution and where its data objects live", Commands.Namespace.ViewDist, Commands.Namespace.ViewDistHelp),
        ("cp", "copy between local files and the striped file system", Commands.Copy.Run, Commands.Copy.Help),
    ];

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.WriteLine("usage: mpiio <command> [options]   (mpiio <command> --help for details)\n");
            foreach (var c in Table)
                Console.WriteLine($"  {c.Name,-10} {c.Summary}");
            Console.WriteLine($"\nThe configuration comes from --config FILE or ${PvfsConfig.ConfigVariable}.");
            return args.Length == 0 ? 2 : 0;
        }
        foreach (var c in Table)
        {
            if (c.Name != args[0])
                continue;
            string[] rest = args[1..];
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                Console.WriteLine(c.Help);
                return 0;
            }
            try
            {
                return c.Run(rest);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"mpiio {c.Name}: {e.Message} (see mpiio {c.Name} --help)");
                return 2;
            }
            catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                Console.Error.WriteLine($"mpiio {c.Name}: {e.Message.ReplaceLineEndings(" ")}");
                return 1;
            }
        }
        Console.Error.WriteLine($"mpiio: unknown command '{args[0]}' (see mpiio --help)");
        return 2;
    }
}
