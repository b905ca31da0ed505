namespace MpiIo.Btio;

/// <summary><c>btio report [--out FILE] JSON...</c>: the Markdown table of several runs; needs no MPI.</summary>
internal static class ReportCommand
{
    /// <summary>Runs the command; the exit status (2 for bad input).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        string? outPath = null;
        var inputs = new List<string>();
        try
        {
            for (int a = 0; a < args.Count; a++)
            {
                if (args[a] == "--out")
                {
                    if (a + 1 >= args.Count) throw new UsageException("--out needs a file name.");
                    outPath = args[++a];
                }
                else if (args[a] is "-h" or "--help")
                {
                    Console.WriteLine(Options.Usage);
                    return 0;
                }
                else if (args[a].StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"report: unknown argument '{args[a]}'.");
                else inputs.Add(args[a]);
            }
            if (inputs.Count == 0) throw new UsageException("report needs one or more JSON result files.");
            string table = Table2Report.Render(Table2Report.Load(inputs));
            if (outPath == null) Console.Write(table);
            else File.WriteAllText(outPath, table);
            return 0;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("btio: " + e.Message);
            return 2;
        }
    }
}
