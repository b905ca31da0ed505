using System.Globalization;

namespace MpiIo.Paper.Driver;

/// <summary>The sweep's settings, from the command line of <c>MpiIo.Paper run</c> (see <see cref="Usage"/>).</summary>
internal sealed record PaperOptions
{
    public int[] Ranks { get; init; } = [1, 2, 4, 6, 8];
    public int[] IoServers { get; init; } = [1, 2, 4, 8];
    /// <summary>Block per rank per I/O server (the paper's 2N MB: 2 MiB × N).</summary>
    public long BlockPerServer { get; init; } = 2L << 20;
    /// <summary>A fixed block per rank instead of 2N MiB (0: use <see cref="BlockPerServer"/>).</summary>
    public long Block { get; init; }
    /// <summary>Request sizes of the request-size sweep (empty: no such sweep).</summary>
    public long[] Requests { get; init; } = [64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20];
    public long RequestBlock { get; init; } = 16L << 20;
    public int RequestRanks { get; init; } = 2;
    public PaperApiSet Apis { get; init; } = PaperApiSet.All;
    public bool Pvfs { get; init; } = true;
    public bool Local { get; init; } = true;
    public bool Peer { get; init; } = true;
    public int Reps { get; init; } = 5;
    public int Drop { get; init; } = 1;
    public long StripeBytes { get; init; } = 64 << 10;
    public bool Plots { get; init; } = true;
    public bool Quiet { get; init; }
    public string? ReportDirectory { get; init; }
    public string? WorkDirectory { get; init; }
    public string? LocalDirectory { get; init; }
    public string? PeerProgram { get; init; }
    public string Mpiexec { get; init; } = "mpiexec";
    public int LaunchTimeoutSeconds { get; init; } = 900;
    public string Label { get; init; } = "full";

    /// <summary>The main job's short sweep: 1, 2, 4 ranks; 1, 2, 4 I/O servers; three request sizes.</summary>
    public static PaperOptions Short => new()
    {
        Ranks = [1, 2, 4], IoServers = [1, 2, 4], Requests = [64 << 10, 1 << 20, 4 << 20], RequestBlock = 4 << 20, Label = "short",
    };

    public const string Usage = """
        usage: MpiIo.Paper run [OPTIONS]       the PVFS paper's §4.1 benchmark (drives mpiexec; starts its own servers)
               MpiIo.Paper rank --plan FILE --reps R   one mpiexec launch's rank program (started by run)

          --short                 the main job's short sweep (ranks 1,2,4; I/O servers 1,2,4; requests 64k,1m,4m of 4m)
          --ranks LIST            compute processes (default 1,2,4,6,8; more than the cores is oversubscribed)
          --io-servers LIST       I/O-server counts of the striped file system (default 1,2,4,8)
          --block-per-server SIZE block per rank per I/O server (default 2m: the paper's 2N MB)
          --block SIZE            a fixed block per rank instead
          --requests LIST|none    request-size sweep (default 64k,256k,1m,4m,16m), at --request-ranks ranks (2)
                                  with a --request-block block per rank (16m)
          --apis LIST             native,independent,collective (default all)
          --fs LIST               pvfs,local (default both)
          --no-peer               skip MPICH's MPI-IO (benchmarks/c/paper_peer)
          --reps N --drop D       repetitions per point and how many best and worst to drop (5, 1)
          --stripe SIZE           stripe size of the striped files (64k)
          --report DIR            report folder (default artifacts/paper/TIMESTAMP)
          --work DIR              scratch folder for server storage and local files (default: a new temp folder)
          --local-dir DIR         where the local-file-system files go (default WORK/local)
          --peer PATH             the compiled C peer (default artifacts/c/paper_peer)
          --mpiexec PATH          (default mpiexec)
          --timeout S             hard limit per mpiexec launch (900)
          --no-plots              skip gnuplot
          --quiet                 no progress line
        SIZE takes k, m, g suffixes (binary).
        """;

    /// <summary>Parses <c>run</c>'s arguments.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, naming it.</exception>
    public static PaperOptions Parse(IReadOnlyList<string> args)
    {
        PaperOptions o = Fold(args, args.Contains("--short") ? Short : new PaperOptions(), static (o, a, Value) => a switch
            {
                "--short" => o,
                "--ranks" => o with { Ranks = IntList(Value(), a, 1) },
                "--io-servers" => o with { IoServers = IntList(Value(), a, 1) },
                "--block-per-server" => o with { BlockPerServer = Size(Value(), a) },
                "--block" => o with { Block = Size(Value(), a) },
                "--requests" => o with { Requests = Value() is var v && v == "none" ? [] : SizeList(v, a) },
                "--request-block" => o with { RequestBlock = Size(Value(), a) },
                "--request-ranks" => o with { RequestRanks = IntList(Value(), a, 1)[0] },
                "--apis" => o with { Apis = PaperApiSetParser.Parse(Value()) },
                "--fs" => FsList(o, Value()),
                "--no-peer" => o with { Peer = false },
                "--reps" => o with { Reps = IntList(Value(), a, 1)[0] },
                "--drop" => o with { Drop = IntList(Value(), a, 0)[0] },
                "--stripe" => o with { StripeBytes = Size(Value(), a) },
                "--report" => o with { ReportDirectory = Value() },
                "--work" => o with { WorkDirectory = Value() },
                "--local-dir" => o with { LocalDirectory = Value() },
                "--peer" => o with { PeerProgram = Value() },
                "--mpiexec" => o with { Mpiexec = Value() },
                "--timeout" => o with { LaunchTimeoutSeconds = IntList(Value(), a, 1)[0] },
                "--no-plots" => o with { Plots = false },
                "--quiet" => o with { Quiet = true },
                _ => throw new ArgumentException($"unknown option '{a}'"),
            });
        if (o.Reps < 2 * o.Drop + 1)
            throw new ArgumentException($"--reps {o.Reps} cannot drop {o.Drop} best and {o.Drop} worst and keep one");
        if (!o.Pvfs && !o.Local)
            throw new ArgumentException("--fs names no file system");
        return o;
    }

    private static PaperOptions FsList(PaperOptions o, string value)
    {
        bool pvfs = false, local = false;
        foreach (string part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "pvfs")
                pvfs = true;
            else if (part == "local")
                local = true;
            else
                throw new ArgumentException($"--fs: unknown file system '{part}' (pvfs, local)");
        }
        return o with { Pvfs = pvfs, Local = local };
    }

    /// <summary>
    /// Folds command-line arguments into options: <paramref name="apply"/> gets the options so far, the option, and
    /// a function that consumes the option's value (an option missing its value is an <see cref="ArgumentException"/>).
    /// </summary>
    internal static T Fold<T>(IReadOnlyList<string> args, T seed, Func<T, string, Func<string>, T> apply)
    {
        T o = seed;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            o = apply(o, a, () => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{a} needs a value"));
        }
        return o;
    }

    /// <summary>Parses a list of positive integers ≥ <paramref name="min"/>.</summary>
    public static int[] IntList(string value, string option, int min)
    {
        var list = new List<int>();
        foreach (string part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min)
                throw new ArgumentException($"{option}: '{part}' is not an integer ≥ {min}");
            list.Add(n);
        }
        if (list.Count == 0)
            throw new ArgumentException($"{option}: empty list");
        return [.. list];
    }

    private static long[] SizeList(string value, string option)
    {
        var list = new List<long>();
        foreach (string part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            list.Add(Size(part, option));
        return [.. list];
    }

    /// <summary>Parses a byte count with an optional k, m or g (binary) suffix.</summary>
    public static long Size(string value, string option)
    {
        string v = value.Trim().ToLowerInvariant();
        long unit = 1;
        if (v.EndsWith("ib", StringComparison.Ordinal))
            v = v[..^2];
        if (v.Length > 0 && v[^1] is 'k' or 'm' or 'g')
        {
            unit = v[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, _ => 1L << 30 };
            v = v[..^1];
        }
        if (!long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < 1 || n > (1L << 31) / unit)
            throw new ArgumentException($"{option}: '{value}' is not a size between 1 and 2g");
        return n * unit;
    }
}

/// <summary>Which APIs a sweep covers.</summary>
[Flags]
internal enum PaperApiSet
{
    None = 0,
    Native = 1,
    Independent = 2,
    Collective = 4,
    All = Native | Independent | Collective,
}

internal static class PaperApiSetParser
{
    public static PaperApiSet Parse(string value)
    {
        PaperApiSet set = PaperApiSet.None;
        foreach (string part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            set |= part switch
            {
                "native" => PaperApiSet.Native,
                "independent" => PaperApiSet.Independent,
                "collective" => PaperApiSet.Collective,
                _ => throw new ArgumentException($"--apis: unknown API '{part}' (native, independent, collective)"),
            };
        }
        return set == PaperApiSet.None ? throw new ArgumentException("--apis names no API") : set;
    }
}
