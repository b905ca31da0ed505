using MpiIo.Bench;
using MpiIo.Mpi;

// mpiexec-launched bandwidth and latency harness. Each benchmark prints "cs <name> <value>" lines from
// rank 0, the same shape as the C harnesses in benchmarks/c, so run-mpi.sh can put them side by side.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: MpiIo.Bench binding [iters-small] [iters-big] [trials]");
    return args.Length == 0 ? 2 : 0;
}
using var env = new MpiEnvironment();
return args[0] switch
{
    "binding" => BindingBench.Run(Communicator.World, args.Skip(1).Select(int.Parse).ToArray()),
    _ => Unknown(args[0]),
};

static int Unknown(string name)
{
    Console.Error.WriteLine($"MpiIo.Bench: unknown benchmark '{name}'");
    return 2;
}
