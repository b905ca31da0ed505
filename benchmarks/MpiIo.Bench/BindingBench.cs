using MpiIo.Mpi;

namespace MpiIo.Bench;

/// <summary>
/// The binding's overhead: <c>MPI_Allreduce</c> of 8 bytes and <c>MPI_Bcast</c> of 1 MiB through the C#
/// binding, timed exactly as <c>benchmarks/c/binding_bench.c</c> times the same calls from C.
/// </summary>
public static class BindingBench
{
    public static int Run(Communicator w, int[] args)
    {
        int itersSmall = args.Length > 0 ? args[0] : 20000, itersBig = args.Length > 1 ? args[1] : 500, trials = args.Length > 2 ? args[2] : 7;
        var t = new double[trials];
        long value = w.Rank;
        for (int i = 0; i < itersSmall / 10; i++) w.Allreduce(value, Op.Sum);
        for (int k = 0; k < trials; k++)
        {
            w.Barrier();
            double t0 = MpiEnvironment.Wtime();
            for (int i = 0; i < itersSmall; i++) w.Allreduce(value, Op.Sum);
            t[k] = w.Allreduce((MpiEnvironment.Wtime() - t0) / itersSmall, Op.Max);
        }
        if (w.Rank == 0) Console.WriteLine($"cs allreduce8 {Median(t) * 1e6:F4}");

        var buf = new byte[1 << 20];
        buf.AsSpan().Fill((byte)w.Rank);
        for (int i = 0; i < itersBig / 10; i++) w.Bcast<byte>(buf, 0);
        for (int k = 0; k < trials; k++)
        {
            w.Barrier();
            double t0 = MpiEnvironment.Wtime();
            for (int i = 0; i < itersBig; i++) w.Bcast<byte>(buf, 0);
            t[k] = w.Allreduce((MpiEnvironment.Wtime() - t0) / itersBig, Op.Max);
        }
        if (w.Rank == 0) Console.WriteLine($"cs bcast1m {Median(t) * 1e6:F4}");
        return 0;
    }

    private static double Median(double[] v)
    {
        var s = (double[])v.Clone();
        Array.Sort(s);
        return s[s.Length / 2];
    }
}
