using System.Text.Json;
using MpiIo.Btio;
using MpiIo.Mpi;

// btio: the I/O of NAS BT-IO over MpiIo (see btio/README.md). Bad input is found before anything is
// written: rank 0 checks, broadcasts its verdict, and every rank exits with status 2.
if (args.Length > 0 && args[0] == "report") return ReportCommand.Run(args[1..]);

using var env = new MpiEnvironment();
var world = Communicator.World;
Options? options = null;
string? parseError = null;
try
{
    options = Options.Parse(args);
}
catch (UsageException e)
{
    parseError = e.Message;
}
string? problem = InputCheck.Agree(world, () => parseError ?? (options!.Help ? null : InputCheck.Problem(options, world.Size)));
if (problem != null)
{
    if (world.Rank == 0) Console.Error.WriteLine("btio: " + problem);
    return 2;
}
if (options!.Help)
{
    if (world.Rank == 0) Console.WriteLine(Options.Usage);
    return 0;
}

try
{
    var result = new BtioRun(world, options, Console.Out).Execute();
    if (world.Rank == 0)
    {
        NpbReport.Print(result, Console.Out);
        if (options.JsonPath != null) File.WriteAllText(options.JsonPath, JsonSerializer.Serialize(result, BtioJson.Default.BtioResult) + "\n");
    }
    return result.Verified ? 0 : 1;
}
catch (Exception e) when (e is MpiException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"btio: rank {world.Rank}: {e.Message}");
    Console.Error.Flush();
    // An independent access may fail on one rank only; the others would wait for it in the next collective.
    if (world.Size > 1) world.Abort(1);
    return 1;
}
