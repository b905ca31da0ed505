using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Paper.PvfsBench;

/// <summary>
/// <c>MpiIo.Paper pvfs-latency</c>: one client process (no MPI) timing small requests on a file striped over every
/// I/O server of <c>MPIIO_PVFS_CONFIG</c>. Queue depth 1 uses the blocking calls; deeper queues keep that many
/// <see cref="PvfsNativeFile.ReadAtAsync"/>/<see cref="PvfsNativeFile.WriteAtAsync"/> calls in flight. Offsets are
/// pseudo-random and request-aligned in a preallocated file; every block written starts with its own offset, and
/// every read checks it. Prints one <see cref="LatencySummary.ToLine"/> line per point.
/// </summary>
internal static class LatencyClient
{
    private const long FileBytes = 64L << 20;

    /// <summary>Runs the points; returns 0, or 1 after a wrong byte or an I/O error (printed to stderr).</summary>
    public static int Run(string path, int request, int ops, long stripe, int[] depths, TextWriter output, TextWriter error)
    {
        using PvfsClient client = PvfsClient.FromEnvironment();
        if (client.Exists(path))
            client.Remove(path);
        using PvfsNativeFile file = client.Create(path, new StripingLayout(stripe, client.IOServers.Count, 0));
        try
        {
            Prefill(file, request);
            long[] offsets = Offsets(ops, request);
            var points = new List<LatencySummary>();
            foreach (int depth in depths)
            {
                foreach (bool write in new[] { true, false })
                {
                    Measure(file, offsets[..Math.Min(200, offsets.Length)], request, depth, write); // warm-up: JIT, connections
                    points.Add(Measure(file, offsets, request, depth, write));
                }
            }
            foreach (LatencySummary p in points)
                output.WriteLine(p.ToLine());
            return 0;
        }
        catch (Exception e) when (e is StorageException or InvalidDataException)
        {
            error.WriteLine("pvfs-latency: " + e.Message);
            return 1;
        }
        finally
        {
            client.Remove(path);
        }
    }

    private static void Prefill(PvfsNativeFile file, int request)
    {
        byte[] chunk = new byte[4 << 20];
        for (long at = 0; at < FileBytes; at += chunk.Length)
        {
            for (int b = 0; b + request <= chunk.Length; b += request)
                Stamp(chunk.AsSpan(b, request), at + b);
            file.WriteAt(at, chunk);
        }
    }

    private static void Stamp(Span<byte> block, long offset)
    {
        block.Fill((byte)(offset >> 12));
        BinaryPrimitives.WriteInt64LittleEndian(block, offset);
    }

    private static void Check(ReadOnlySpan<byte> block, long offset)
    {
        long got = BinaryPrimitives.ReadInt64LittleEndian(block);
        if (got != offset)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"read at {offset} returned the block of offset {got}"));
    }

    private static long[] Offsets(int count, int request)
    {
        long blocks = FileBytes / request;
        var offsets = new long[count];
        ulong x = 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < count; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            offsets[i] = (long)(x % (ulong)blocks) * request;
        }
        return offsets;
    }

    private static LatencySummary Measure(PvfsNativeFile file, long[] offsets, int request, int depth, bool write)
    {
        var micros = new double[offsets.Length];
        var sw = Stopwatch.StartNew();
        if (depth == 1)
        {
            byte[] buffer = new byte[request];
            for (int i = 0; i < offsets.Length; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                if (write)
                {
                    Stamp(buffer, offsets[i]);
                    file.WriteAt(offsets[i], buffer);
                }
                else
                {
                    int n = file.ReadAt(offsets[i], buffer);
                    if (n != request)
                        throw new InvalidDataException($"read at {offsets[i]} returned {n} of {request} bytes");
                    Check(buffer, offsets[i]);
                }
                micros[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            }
        }
        else
        {
            var workers = new Task[depth];
            for (int w = 0; w < depth; w++)
                workers[w] = Worker(file, offsets, w, depth, request, write, micros);
            // The first failure itself, not an AggregateException, so the caller's handler sees it.
            Task.WhenAll(workers).GetAwaiter().GetResult();
        }
        double seconds = sw.Elapsed.TotalSeconds;
        return LatencySummary.From(write ? "write" : "read", depth, micros, seconds);
    }

    // One of `depth` request streams: requests first, first + depth, ...; each starts when its previous one ends.
    private static async Task Worker(PvfsNativeFile file, long[] offsets, int first, int depth, int request, bool write, double[] micros)
    {
        byte[] buffer = new byte[request];
        for (int i = first; i < offsets.Length; i += depth)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (write)
            {
                Stamp(buffer, offsets[i]);
                await file.WriteAtAsync(offsets[i], buffer).ConfigureAwait(false);
            }
            else
            {
                int n = await file.ReadAtAsync(offsets[i], buffer).ConfigureAwait(false);
                if (n != request)
                    throw new InvalidDataException($"read at {offsets[i]} returned {n} of {request} bytes");
                Check(buffer, offsets[i]);
            }
            micros[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
    }
}
