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
    /// are printed and reported as false, after every collective step has run on this rank too.
    /// </summary>
    public static bool Run(Communicator world, IoBenchOptions o, string path, Datatype? filetype, Span<byte> buffer, bool writing, out double seconds)
    {
        MpiFile? file = null;
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
                long moved = writing ? file.WriteAt<byte>(at, span).Bytes : file.ReadAt(at, span).Bytes;
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
}
