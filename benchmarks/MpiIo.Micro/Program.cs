using BenchmarkDotNet.Running;
using MpiIo.Micro;

// BenchmarkDotNet entry point: `dotnet run -c Release --project benchmarks/MpiIo.Micro -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(MicroConfig).Assembly).Run(args, new MicroConfig());
