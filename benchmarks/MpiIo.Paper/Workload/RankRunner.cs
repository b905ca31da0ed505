using System.Globalization;
using MpiIo.Mpi;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Paper.Workload;

/// <summary>
/// The rank side of the benchmark (PVFS paper §4.1), run under <c>mpiexec</c>: for every case of the plan whose
/// rank count is the world's size, <c>reps</c> times: open a new file, barrier, write the block, barrier, close,
/// reopen, barrier, read it back, barrier, close. An operation's time is the slowest rank's (MPI_Wtime,
/// Allreduce max). Rank 0 prints one line per repetition:
/// <c>result ID REP WRITE_SECONDS READ_SECONDS BAD_BYTES</c> — the same shape as <c>benchmarks/c/paper_peer.c</c>.
/// </summary>
internal static class RankRunner
{
    /// <summary>Runs the plan; returns the exit code.</summary>
    public static int Run(Communicator world, IReadOnlyList<PaperCase> plan, int reps, TextWriter output)
    {
        PvfsClient? client = null;
        try
        {
            foreach (PaperCase c in plan)
            {
                if (c.Ranks != world.Size || c.Impl != PaperImpl.MpiIo)
                    continue;
                if (c.Fs == PaperFs.Pvfs && client == null)
                    client = PvfsClient.FromEnvironment();
                RunCase(world, c, reps, client, output);
            }
        }
        finally
        {
            client?.Dispose();
        }
        return 0;
    }

    private static void RunCase(Communicator world, PaperCase c, int reps, PvfsClient? client, TextWriter output)
    {
        int request = (int)Math.Min(c.RequestBytes, c.BlockBytes);
        byte[] data = new byte[c.BlockBytes];
        byte[] back = new byte[c.BlockBytes];
        Pattern.Fill(data, world.Rank, c.Id);
        long mine = c.BlockBytes * world.Rank;
        using PaperTarget target = PaperTarget.For(c, world, client);
        for (int rep = 0; rep < reps; rep++)
        {
            target.Create();
            if (world.Rank == 0)
                WritebackQuiesce.Run();
            double write = Timed(world, target, c, request, mine, data, write: true);
            Array.Clear(back);
            target.OpenRead();
            double read = Timed(world, target, c, request, mine, back, write: false);
            long bad = world.Allreduce(Pattern.CountBad(back, data), Op.Sum);
            if (world.Rank == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result {c.Id} {rep} {write:R} {read:R} {bad}"));
                output.Flush();
            }
        }
        target.Remove();
        world.Barrier();
    }

    /// <summary>The timed part of one operation: barrier, the calls, barrier; then close. Returns the slowest rank's seconds.</summary>
    private static double Timed(Communicator world, PaperTarget target, PaperCase c, int request, long mine, byte[] buffer, bool write)
    {
        world.Barrier();
        double t0 = MpiEnvironment.Wtime();
        for (long done = 0; done < c.BlockBytes; done += request)
        {
            int n = (int)Math.Min(request, c.BlockBytes - done);
            if (write)
                target.WriteAt(mine + done, buffer.AsSpan((int)done, n));
            else
                target.ReadAt(mine + done, buffer.AsSpan((int)done, n));
        }
        double seconds = MpiEnvironment.Wtime() - t0;
        world.Barrier();
        target.Close();
        return world.Allreduce(seconds, Op.Max);
    }
}

/// <summary>The bytes each rank writes: a pattern that differs by rank and case, so a misplaced block is seen.</summary>
internal static class Pattern
{
    /// <summary>Fills <paramref name="data"/> with rank <paramref name="rank"/>'s bytes for case <paramref name="id"/>.</summary>
    public static void Fill(Span<byte> data, int rank, int id)
    {
        uint x = (uint)(rank * 7919 + id * 104729 + 1);
        for (int i = 0; i < data.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            data[i] = (byte)x;
        }
    }

    /// <summary>Bytes of <paramref name="actual"/> that differ from <paramref name="expected"/>.</summary>
    public static long CountBad(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected)
    {
        if (actual.SequenceEqual(expected))
            return 0;
        long bad = 0;
        for (int i = 0; i < actual.Length; i++)
            if (actual[i] != expected[i])
                bad++;
        return bad;
    }
}
