using System.Diagnostics;
using MpiIo.Mpi;

namespace MpiIo.Btio;

/// <summary>
/// One BT-IO run on every rank of a communicator: the time-step loop with a dump every 5 steps, then the
/// read-back of every dump and its verification. Timing follows NPB: the total time is the time-step loop
/// (compute and dumps), the I/O time is the time inside the dump writes; the read-back is timed on its own.
/// Each figure is the slowest rank's.
/// </summary>
internal sealed class BtioRun
{
    private readonly Communicator _comm;
    private readonly Options _options;
    private readonly ProblemClass _class;
    private readonly Subtype _subtype;
    private readonly TextWriter _out;

    /// <summary>A run of validated <paramref name="options"/>; progress and results go to <paramref name="output"/> on rank 0.</summary>
    public BtioRun(Communicator comm, Options options, TextWriter output)
    {
        _comm = comm;
        _options = options;
        _class = ProblemClass.Find(options.ClassName) ?? throw new ArgumentException($"unknown class '{options.ClassName}'.", nameof(options));
        _subtype = Subtypes.Parse(options.SubtypeName) ?? throw new ArgumentException($"unknown subtype '{options.SubtypeName}'.", nameof(options));
        _out = output;
    }

    private bool Root => _comm.Rank == 0;

    /// <summary>Runs the benchmark (collective) and returns its results, the same on every rank.</summary>
    public BtioResult Execute()
    {
        string started = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var part = Multipartition.For(_class.GridSize, _comm.Size, _comm.Rank);
        var content = new Content(_options.Content, _class, part);
        var layout = _options.Memory == MemoryKind.Ghost ? MemoryLayout.Ghost(part) : MemoryLayout.Packed(part);
        string name = DumpFiles.NameIn(_options.FsPrefix, _options.Directory, _subtype);
        int doubles = checked((int)layout.Doubles);
        var values = new double[doubles];
        var expected = new double[doubles];
        var hints = _options.Hints.Count > 0 ? _options.Hints : null;
        PrintHeader(name);

        DumpFiles.Delete(_subtype, _comm, name);
        double writeTime = 0, loopTime;
        string path;
        using (var file = DumpFiles.Open(_subtype, _comm, name, part, layout, write: true, hints))
        {
            _comm.Barrier();
            double start = MpiEnvironment.Wtime();
            for (int step = 1; step <= _class.Steps; step++)
            {
                if (Root && (step == 1 || step % 20 == 0)) _out.WriteLine($" Time step {step,4}");
                ComputePhase();
                if (step % ProblemClass.DumpInterval != 0) continue;
                int dump = step / ProblemClass.DumpInterval - 1;
                content.Fill(dump, values, layout);
                // Untimed barrier: a rank still filling its values must not be counted as I/O time of the others.
                QuietBarrier();
                double t = MpiEnvironment.Wtime();
                file.Write(dump, values);
                writeTime += MpiEnvironment.Wtime() - t;
            }
            if (_options.Sync)
            {
                double t = MpiEnvironment.Wtime();
                file.Sync();
                writeTime += MpiEnvironment.Wtime() - t;
            }
            loopTime = MpiEnvironment.Wtime() - start;
            path = file.CollectivePath;
        }
        if (Root) _out.WriteLine(" Reading data set for verification");

        double readTime = 0;
        long mismatches = 0, bytesRead = 0, fileBytes;
        using (var file = DumpFiles.Open(_subtype, _comm, name, part, layout, write: false, hints))
        {
            _comm.Barrier();
            for (int dump = 0; dump < _class.Dumps; dump++)
            {
                Array.Clear(values);
                // Untimed barrier: the verification of the previous dump stays out of this read's time on every rank.
                QuietBarrier();
                double t = MpiEnvironment.Wtime();
                long got = file.Read(dump, values);
                readTime += MpiEnvironment.Wtime() - t;
                bytesRead += got;
                content.Fill(dump, expected, layout);
                mismatches += Mismatches(values, expected);
            }
            fileBytes = file.Size();
            if (path.Length == 0) path = file.CollectivePath;
        }
        if (_options.Delete) DumpFiles.Delete(_subtype, _comm, name);

        Span<double> times = [loopTime, writeTime, readTime];
        _comm.Allreduce(times, Op.Max);
        Span<long> counts = [mismatches, bytesRead];
        _comm.Allreduce(counts, Op.Sum);
        long bytesWritten = _class.FileBytes;
        bool verified = counts[0] == 0 && counts[1] == bytesWritten && fileBytes == bytesWritten;
        return new BtioResult
        {
            Class = _class.Name.ToString(),
            Grid = _class.GridSize,
            Iterations = _class.Steps,
            Dumps = _class.Dumps,
            Processes = _comm.Size,
            Subtype = Subtypes.Name(_subtype),
            FsPrefix = _options.FsPrefix,
            FileSystem = _options.FsPrefix.Length == 0 ? "ufs" : _options.FsPrefix.TrimEnd(':').ToLowerInvariant(),
            File = name,
            Content = _options.Content == ContentKind.Index ? "index" : "solution",
            Memory = _options.Memory == MemoryKind.Ghost ? "ghost" : "packed",
            ComputeMs = _options.ComputeMs,
            Sync = _options.Sync,
            Hints = _options.Hints,
            TotalTimeS = times[0],
            WriteTimeS = times[1],
            ReadTimeS = times[2],
            IoPercent = times[0] > 0 ? 100.0 * times[1] / times[0] : 0,
            BytesWritten = bytesWritten,
            BytesRead = counts[1],
            WriteMbps = times[1] > 0 ? bytesWritten / times[1] / 1e6 : 0,
            ReadMbps = times[2] > 0 ? counts[1] / times[2] / 1e6 : 0,
            FileBytes = fileBytes,
            CollectivePath = path,
            Verified = verified,
            Mismatches = counts[0],
            Host = MpiEnvironment.ProcessorName,
            MpiLibrary = string.Join(' ', MpiEnvironment.LibraryVersion.Split('\n')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)),
            StartedUtc = started,
        };
    }

    private void PrintHeader(string name)
    {
        if (!Root) return;
        int g = _class.GridSize;
        _out.WriteLine();
        _out.WriteLine(" NAS Parallel Benchmarks (MpiIo) - BT-IO Benchmark");
        _out.WriteLine();
        _out.WriteLine($" Size: {g,4}x{g,4}x{g,4}");
        _out.WriteLine($" Iterations: {_class.Steps,4}    dt: {_class.Dt,11:F7}");
        _out.WriteLine($" Number of active processes: {_comm.Size,5}");
        _out.WriteLine($" BTIO -- {Subtypes.Name(_subtype).ToUpperInvariant()} write interval: {ProblemClass.DumpInterval,3}");
        _out.WriteLine($" Output file: {(_subtype == Subtype.Epio ? EpioDumpFile.NameOf(name, 0) + " ..." : name)}");
        _out.WriteLine();
    }

    // The untimed barrier before each timed call. MPICH's MPI_Barrier spins, and with more ranks than cores a
    // rank that arrives early takes the core of a rank still in the previous call's tail (an aggregator's last
    // write), inflating that rank's I/O time; polling a nonblocking barrier and sleeping between polls gives
    // the core back. Untimed, so its wake-up latency is in no figure.
    private void QuietBarrier()
    {
        var barrier = _comm.Ibarrier();
        while (!barrier.Test())
            Thread.Sleep(1);
    }

    private void ComputePhase()
    {
        int ms = _options.ComputeMs;
        if (ms <= 0) return;
        if (_options.Compute == ComputeMode.Sleep)
        {
            Thread.Sleep(ms);
            return;
        }
        long until = Stopwatch.GetTimestamp() + ms * Stopwatch.Frequency / 1000;
        while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(64);
    }

    private static long Mismatches(ReadOnlySpan<double> got, ReadOnlySpan<double> want)
    {
        // Bitwise: the writer and the verifier compute the values with the same code.
        if (System.Runtime.InteropServices.MemoryMarshal.AsBytes(got).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(want))) return 0;
        long bad = 0;
        for (int i = 0; i < got.Length; i++)
            if (BitConverter.DoubleToInt64Bits(got[i]) != BitConverter.DoubleToInt64Bits(want[i])) bad++;
        return bad;
    }
}
