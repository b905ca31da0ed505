using System.Buffers;
using System.Diagnostics;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Tools.Commands;

/// <summary>pvfs2-cp: local ↔ striped (or striped → striped), a whole stripe row per server in each request.</summary>
internal static class Copy
{
    public const string Help = """
        usage: mpiio cp SRC DST [--stripe-size B] [--stripe-count C] [--config FILE]
        SRC and DST are local paths or pvfs:/paths. Each step moves a large chunk, one request per I/O
        server, all in parallel. --stripe-size and --stripe-count set a new striped file's distribution.
        A progress bar is drawn on large copies when stderr is a terminal.
        """ + "\n" + Common.ConfigHelp;

    public static int Run(string[] argv)
    {
        var args = new ToolArgs(argv, new HashSet<string> { "--config", "--stripe-size", "--stripe-count" });
        if (args.Positional.Count != 2)
            throw new UsageException($"expected SRC and DST, got {args.Positional.Count} names");
        string source = args.Positional[0], destination = args.Positional[1];
        if (!Common.IsPvfs(source) && !Common.IsPvfs(destination))
            throw new UsageException("one of SRC and DST must be a pvfs:/ name");
        using var client = new PvfsClient(Common.Config(args));
        var layout = new StripingLayout(args.Long("--stripe-size", 0, 1), (int)args.Long("--stripe-count", 0, 1), 0);

        using Endpoint from = Common.IsPvfs(source)
            ? Endpoint.Striped(client.Open(Common.PvfsName(source)))
            : Endpoint.Local(File.OpenHandle(source, System.IO.FileMode.Open, FileAccess.Read));
        if (Common.IsPvfs(destination) && Common.IsPvfs(source) && Common.PvfsName(source) == Common.PvfsName(destination))
            throw new StorageException(ErrorClass.Arg, "source and destination are the same file");
        using Endpoint to = Common.IsPvfs(destination)
            ? Endpoint.Striped(CreateStriped(client, Common.PvfsName(destination), layout))
            : Endpoint.Local(File.OpenHandle(destination, System.IO.FileMode.Create, FileAccess.Write));

        long size = from.Size;
        int chunk = to.Chunk(from.Chunk(8 << 20));
        byte[] buffer = ArrayPool<byte>.Shared.Rent(chunk);
        bool progress = !Console.IsErrorRedirected && size >= 16 << 20;
        var clock = Stopwatch.StartNew();
        try
        {
            to.SetSize(0);
            for (long done = 0; done < size;)
            {
                int n = (int)Math.Min(chunk, size - done);
                int got = from.ReadAt(done, buffer.AsSpan(0, n));
                if (got != n)
                    throw new IOException($"'{source}' shrank during the copy ({done + got} of {size} bytes)");
                to.WriteAt(done, buffer.AsSpan(0, n));
                done += n;
                if (progress)
                    Bar(done, size, clock.Elapsed);
            }
            to.SetSize(size); // a trailing hole in the source stays a hole
            to.Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (progress)
                Console.Error.WriteLine();
        }
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        Console.WriteLine($"copied {Common.Bytes(size)} in {seconds:0.###} s ({Common.Bytes((long)(size / seconds))}/s)");
        return 0;
    }

    private static PvfsNativeFile CreateStriped(PvfsClient client, string path, StripingLayout layout)
    {
        if (client.Exists(path))
            client.Remove(path);
        return client.Create(path, layout, exclusive: true);
    }

    private static void Bar(long done, long total, TimeSpan elapsed)
    {
        const int width = 40;
        int filled = (int)(width * done / Math.Max(1, total));
        double rate = done / Math.Max(elapsed.TotalSeconds, 1e-6);
        Console.Error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {100 * done / Math.Max(1, total),3}% {Common.Bytes((long)rate)}/s ");
    }

    /// <summary>One side of a copy.</summary>
    private sealed class Endpoint : IDisposable
    {
        private readonly PvfsNativeFile? _striped;
        private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _local;

        private Endpoint(PvfsNativeFile? striped, Microsoft.Win32.SafeHandles.SafeFileHandle? local)
        {
            _striped = striped;
            _local = local;
        }

        public static Endpoint Striped(PvfsNativeFile file) => new(file, null);

        public static Endpoint Local(Microsoft.Win32.SafeHandles.SafeFileHandle file) => new(null, file);

        public long Size => _striped?.GetSize() ?? RandomAccess.GetLength(_local!);

        // A striped side moves whole rounds: one full request per server per step.
        public int Chunk(int wanted) => _striped == null ? wanted : Math.Max(_striped.RoundBytes, (int)Math.Min(wanted, _striped.RoundBytes));

        public int ReadAt(long offset, Span<byte> buffer)
        {
            if (_striped != null)
                return _striped.ReadAt(offset, buffer);
            int got = 0;
            while (got < buffer.Length)
            {
                int n = RandomAccess.Read(_local!, buffer[got..], offset + got);
                if (n == 0)
                    break;
                got += n;
            }
            return got;
        }

        public void WriteAt(long offset, ReadOnlySpan<byte> data)
        {
            if (_striped != null)
                _striped.WriteAt(offset, data);
            else
                RandomAccess.Write(_local!, data, offset);
        }

        public void SetSize(long size)
        {
            if (_striped != null)
                _striped.SetSize(size);
            else
                RandomAccess.SetLength(_local!, size);
        }

        public void Flush()
        {
            if (_striped != null)
                _striped.Flush();
            else
                RandomAccess.FlushToDisk(_local!);
        }

        public void Dispose()
        {
            _striped?.Dispose();
            _local?.Dispose();
        }
    }
}
