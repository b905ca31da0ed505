using System.Globalization;
using MpiIo.Datatypes;
using MpiIo.Mpi;

namespace MpiIo.Bench;

/// <summary>
/// One timed phase of an I/O benchmark through MpiIo: open (collective), the strided view when there is
/// one, then — timed — the transfer calls, then close. Mirrors <c>phase()</c> in benchmarks/c/mpiio_bench.c.
/// </summary>
public static class MpiIoPhase
{
    /// <summary>
    /// Writes or reads this rank's share; <paramref name="seconds"/> is the slowest rank's time. Failures
    /// are printed and reported as false, after every collective step has run on this rank too. With
    /// <paramref name="memory"/> (collective runs), rank 0 prints the aggregators' collective-buffer memory on stderr.
    /// </summary>
    public static bool Run(Communicator world, IoBenchOptions o, string path, Datatype? filetype, Span<byte> buffer, bool writing, out double seconds, bool memory = false)
    {
        MpiFile? file = null;
        long hwmBefore = memory ? PeakResidentKib() : 0;
        bool ok = true;
        try
        {
            file = MpiFile.Open(world, path, writing ? FileMode.Create | FileMode.WriteOnly : FileMode.ReadOnly, o.Hints);
            if (filetype is not null)
                file.SetView(world.Rank * o.T, Datatype.Byte, filetype);
        }
        catch (MpiException e)
        {
            // Open and SetView agree on their outcome, so every rank lands here together.
            Console.Error.WriteLine($"cs: rank {world.Rank} open/set view of {path}: {e.Message}");
            ok = false;
        }

        long piece = o.Kind == IoBenchKind.Strided ? o.Bytes : o.Xfer;
        long pieces = o.Bytes / piece;
        world.Barrier();
        double t0 = MpiEnvironment.Wtime();
        for (long k = 0; k < pieces && ok && file is not null; k++)
        {
            long at = o.Kind == IoBenchKind.Strided ? 0 : world.Rank * o.Size + k * piece;
            var span = buffer.Slice((int)(k * piece), (int)piece);
            try
            {
                long moved = o.Collective
                    ? (writing ? file.WriteAtAll<byte>(at, span).Bytes : file.ReadAtAll<byte>(at, span).Bytes)
                    : (writing ? file.WriteAt<byte>(at, span).Bytes : file.ReadAt(at, span).Bytes);
                if (moved != piece)
                {
                    Console.Error.WriteLine($"cs: rank {world.Rank} {(writing ? "WriteAt" : "ReadAt")} moved {moved} of {piece} bytes");
                    ok = false;
                }
            }
            catch (MpiException e)
            {
                Console.Error.WriteLine($"cs: rank {world.Rank} {(writing ? "WriteAt" : "ReadAt")}: {e.Message}");
                ok = false;
            }
        }
        seconds = world.Allreduce(MpiEnvironment.Wtime() - t0, Op.Max);
        if (memory) ReportMemory(world, file, writing, hwmBefore);

        if (file is not null)
        {
            try
            {
                file.Close();
            }
            catch (MpiException e)
            {
                Console.Error.WriteLine($"cs: rank {world.Rank} close: {e.Message}");
                ok = false;
            }
        }
        return ok;
    }

    // The largest collective-buffer use of any rank by the library's own accounting (MpiFile.CollectiveBufferBytes:
    // the aggregator's cycle buffers and staging), and the growth of that rank's peak resident set over the phase.
    private static void ReportMemory(Communicator world, MpiFile? file, bool writing, long hwmBefore)
    {
        long held = file?.CollectiveBufferBytes ?? 0;
        long after = PeakResidentKib();
        Span<long> v = [held, after - hwmBefore, after];
        world.Allreduce<long>(v, Op.Max);
        string cb = file != null && file.GetInfo().TryGetValue("cb_buffer_size", out var c) ? c : "?";
        if (world.Rank == 0)
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cs-mem {(writing ? "write" : "read")}: cb_buffer_size {cb}, collective buffers of the largest aggregator {v[0]} bytes ({v[0] / 1048576.0:F1} MiB), VmHWM growth over the phase {v[1]} KiB (largest VmHWM {v[2]} KiB), path {file?.LastCollectivePath}"));
    }

    /// <summary>VmHWM (peak resident set, KiB) from /proc/self/status; 0 where there is none.</summary>
    private static long PeakResidentKib()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
