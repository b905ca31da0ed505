using MpiIo.Bench;
using MpiIo.Mpi;

// mpiexec-launched bandwidth and latency harness. Each benchmark prints "cs <name> <value>..." lines from
// rank 0, the same shape as the C harnesses in benchmarks/c, so run-mpi.sh can put them side by side.
const string usage = "usage: MpiIo.Bench binding [iters-small] [iters-big] [trials]\n" + IoBenchOptions.Usage;
if (args.Length == 0 || args[0] is "-h" or "--help" || args.Contains("--help") || args.Contains("-h"))
{
    (args.Length == 0 ? Console.Error : Console.Out).WriteLine(usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] is not ("binding" or "independent" or "strided"))
{
    Console.Error.WriteLine($"MpiIo.Bench: unknown benchmark '{args[0]}' (known: binding, independent, strided)");
    return 2;
}
using var env = new MpiEnvironment();
return args[0] switch
{
    "binding" => BindingBench.Run(Communicator.World, args.Skip(1).Select(int.Parse).ToArray()),
    _ => IoBench.Run(Communicator.World, args),
};
