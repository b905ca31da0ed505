using System.Globalization;
using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using MpiIo.Mpi;

namespace MpiIo.Bench;

/// <summary>
/// The I/O benchmarks' C# side: the accesses of benchmarks/c/mpiio_bench.c through MpiIo, repeated,
/// timed and checked exactly as benchmarks/c/io_bench.h does for the C sides.
/// </summary>
/// <remarks>
/// Every repetition writes the file, reads it back, checks every word and removes the file. A timed
/// phase is barrier, <c>MPI_Wtime</c>, the transfer calls, <c>MPI_Wtime</c>, slowest rank (Allreduce MAX);
/// open, set-view and close are outside it. The best and worst repetitions are dropped, the others
/// averaged; bandwidth is all ranks' bytes over that time in MB/s (10⁶ B/s).
/// </remarks>
public static unsafe class IoBench
{
    /// <summary>Runs the benchmark named by <paramref name="args"/>[0]; returns the exit status.</summary>
    public static int Run(Communicator world, string[] args)
    {
        IoBenchOptions o;
        try
        {
            o = IoBenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            if (world.Rank == 0) Console.Error.WriteLine($"MpiIo.Bench: {e.Message}");
            return 2;
        }
        long pid = world.Bcast((long)Environment.ProcessId, 0);
        string path = Path.Combine(o.Dir, $"{o.Name ?? $"mpiio-bench.{pid}"}.cs.dat");
        // Page-aligned native memory, as the C sides use, so memory copies start on equal terms.
        byte* memory = (byte*)NativeMemory.AlignedAlloc((nuint)o.Bytes, 4096);
        try
        {
            return Repeat(world, o, path, new Span<byte>(memory, (int)o.Bytes));
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }

    private static int Repeat(Communicator world, IoBenchOptions o, string path, Span<byte> buffer)
    {
        var tw = new double[o.Reps];
        var tr = new double[o.Reps];
        // The strided view's filetype: resized(contiguous(t bytes), 0, P·t), as IOR's strided datatype.
        Datatype? filetype = o.Kind == IoBenchKind.Strided
            ? Datatype.Resized(Datatype.Contiguous((int)o.T, Datatype.Byte), 0, o.T * world.Size).Commit()
            : null;
        for (int rep = 0; rep < o.Reps; rep++)
        {
            ulong seed = (ulong)rep + 1;
            ForEachPiece(o, world, buffer, seed, fill: true);
            // Both phases run even after a failure: their opens, barriers and reductions are collective.
            // The last repetition's write also reports the collective buffers' memory.
            bool bad = !MpiIoPhase.Run(world, o, path, filetype, buffer, writing: true, out tw[rep], memory: o.Collective && rep == o.Reps - 1);
            buffer.Clear();
            bad |= !MpiIoPhase.Run(world, o, path, filetype, buffer, writing: false, out tr[rep]);
            if (!bad)
            {
                long wrong = ForEachPiece(o, world, buffer, seed, fill: false);
                if (wrong >= 0)
                {
                    Console.Error.WriteLine($"cs: rank {world.Rank} repetition {rep}: data read back is wrong at buffer byte {wrong}");
                    bad = true;
                }
            }
            bool any = world.Allreduce(bad ? 1 : 0, Op.Max) != 0;
            if (world.Rank == 0) TryDelete(path);
            world.Barrier();
            if (any)
            {
                if (world.Rank == 0) Console.Error.WriteLine("cs: FAILED (see above); no figures reported");
                return 1;
            }
        }
        if (world.Rank == 0)
        {
            double total = (double)o.Bytes * world.Size;
            Report("write", o.Label, tw, total);
            Report("read", o.Label, tr, total);
        }
        return 0;
    }

    /// <summary>Fills the buffer with the pattern, or checks it (returning the first wrong byte or -1): piece k at its file offset.</summary>
    private static long ForEachPiece(IoBenchOptions o, Communicator world, Span<byte> buffer, ulong seed, bool fill)
    {
        long piece = o.Kind == IoBenchKind.Strided ? o.T : o.Size;
        long pieces = o.Bytes / piece;
        for (long k = 0; k < pieces; k++)
        {
            long fileOffset = o.Kind == IoBenchKind.Strided ? (k * world.Size + world.Rank) * o.T : world.Rank * o.Size;
            var span = buffer.Slice((int)(k * piece), (int)piece);
            if (fill)
            {
                IoPattern.Fill(span, fileOffset, seed);
                continue;
            }
            long bad = IoPattern.Check(span, fileOffset, seed);
            if (bad >= 0) return k * piece + bad;
        }
        return -1;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"cs: cannot remove {path}: {e.Message}");
        }
    }

    /// <summary>One output line: trimmed-mean MB/s, then the slowest and fastest repetition's MB/s.</summary>
    private static void Report(string op, string label, double[] seconds, double totalBytes)
    {
        var t = (double[])seconds.Clone();
        Array.Sort(t);
        int lo = t.Length >= 3 ? 1 : 0, hi = t.Length >= 3 ? t.Length - 1 : t.Length;
        double sum = 0;
        for (int i = lo; i < hi; i++) sum += t[i];
        double mean = sum / (hi - lo);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cs {op}-{label} {totalBytes / mean / 1e6:F1} {totalBytes / t[^1] / 1e6:F1} {totalBytes / t[0] / 1e6:F1}"));
    }
}
