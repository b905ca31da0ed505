using System.Globalization;

namespace MpiIo.Bench;

/// <summary>Which access shape an I/O benchmark runs.</summary>
public enum IoBenchKind
{
    /// <summary>Each rank one contiguous block at rank × size, in transfers of <see cref="IoBenchOptions.Xfer"/> bytes.</summary>
    Independent,

    /// <summary>Rank r's segment i of <see cref="IoBenchOptions.T"/> bytes at (i·P + r)·t, through a file view, one call.</summary>
    Strided,
}

/// <summary>
/// The I/O benchmarks' command line, the same as the C sides' (benchmarks/c/io_bench.h), so run-mpi.sh
/// passes one argument list to all three harnesses.
/// </summary>
public sealed class IoBenchOptions
{
    /// <summary>The --help text.</summary>
    public const string Usage =
        "usage: MpiIo.Bench independent [--dir DIR] [--size BYTES] [--xfer BYTES] [--reps N] [--hint K=V] [--name STEM]\n" +
        "       MpiIo.Bench strided     [--dir DIR] [-t BYTES] [-s COUNT] [--reps N] [--hint K=V] [--name STEM]\n" +
        "  independent: each rank writes then reads one block of --size bytes at rank*size, --xfer bytes per call\n" +
        "               (default: the whole block); defaults --size 64m\n" +
        "  strided:     rank r writes then reads s segments of t bytes, segment i at (i*P + r)*t; defaults -t 64k -s 1024\n" +
        "  --dir DIR    directory of the file (default /dev/shm); the file is removed after every repetition\n" +
        "  --reps N     repetitions (default 5; best and worst dropped when N >= 3)\n" +
        "  --hint K=V   an MPI-IO hint for open (repeatable; e.g. romio_ds_read=disable)\n" +
        "  sizes take a k, m or g suffix (powers of 1024) and must be multiples of 8\n" +
        "output (rank 0): \"cs write-LABEL MB/s min max\" and \"cs read-LABEL MB/s min max\"";

    /// <summary>The access shape.</summary>
    public IoBenchKind Kind { get; private init; }
    /// <summary>The directory of the benchmark's file (--dir).</summary>
    public string Dir { get; private set; } = "/dev/shm";
    /// <summary>The file name stem (--name); null: derived from rank 0's process id.</summary>
    public string? Name { get; private set; }
    /// <summary>Independent: bytes per rank (--size).</summary>
    public long Size { get; private set; } = 64L << 20;
    /// <summary>Independent: bytes per call (--xfer; the whole block when not given).</summary>
    public long Xfer { get; private set; }
    /// <summary>Strided: segment bytes (-t).</summary>
    public long T { get; private set; } = 64L << 10;
    /// <summary>Strided: segments per rank (-s).</summary>
    public long S { get; private set; } = 1024;
    /// <summary>Repetitions (--reps).</summary>
    public int Reps { get; private set; } = 5;
    /// <summary>MPI-IO hints for open (--hint KEY=VALUE).</summary>
    public Dictionary<string, string> Hints { get; } = new();

    /// <summary>This rank's bytes per repetition.</summary>
    public long Bytes => Kind == IoBenchKind.Strided ? T * S : Size;

    /// <summary>The figure's label: "block" or the transfer size; "t64k-s1024" for strided.</summary>
    public string Label => Kind == IoBenchKind.Independent
        ? (Xfer == Size ? "block" : SizeText(Xfer))
        : $"t{SizeText(T)}-s{S}";

    /// <summary>Parses <paramref name="args"/> (the benchmark name first).</summary>
    /// <exception cref="ArgumentException">A bad command line, with the message to print.</exception>
    public static IoBenchOptions Parse(string[] args)
    {
        var kind = args[0] switch
        {
            "independent" => IoBenchKind.Independent,
            "strided" => IoBenchKind.Strided,
            _ => throw new ArgumentException($"unknown benchmark '{args[0]}' (known: binding, independent, strided)"),
        };
        var o = new IoBenchOptions { Kind = kind };
        for (int i = 1; i < args.Length; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value");
            string value = args[++i];
            switch (name)
            {
                case "--dir": o.Dir = value; break;
                case "--name": o.Name = value; break;
                case "--size": o.Size = ParseSize(value, name); break;
                case "--xfer": o.Xfer = ParseSize(value, name); break;
                case "-t": o.T = ParseSize(value, name); break;
                case "-s": o.S = ParseSize(value, name); break;
                case "--hint":
                    int eq = value.IndexOf('=');
                    if (eq <= 0)
                        throw new ArgumentException($"--hint takes KEY=VALUE, got '{value}'");
                    o.Hints[value[..eq]] = value[(eq + 1)..];
                    break;
                case "--reps":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int reps) || reps is < 1 or > 100)
                        throw new ArgumentException($"--reps must be 1..100, got '{value}'");
                    o.Reps = reps;
                    break;
                default: throw new ArgumentException($"unknown option {name} (see --help)");
            }
        }
        if (o.Xfer == 0) o.Xfer = o.Size;
        if (o.Size % 8 != 0 || o.Xfer % 8 != 0 || o.T % 8 != 0)
            throw new ArgumentException("--size, --xfer and -t must be multiples of 8");
        if (o.Xfer > o.Size || o.Size % o.Xfer != 0)
            throw new ArgumentException($"--xfer ({o.Xfer}) must divide --size ({o.Size})");
        if (o.Bytes > int.MaxValue)
            throw new ArgumentException("a rank's bytes (--size, or t*s) must be below 2 GiB");
        return o;
    }

    private static long ParseSize(string text, string what)
    {
        long mult = 1;
        string digits = text;
        if (text.Length > 0)
        {
            char suffix = char.ToLowerInvariant(text[^1]);
            mult = suffix switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 1 };
            if (mult != 1) digits = text[..^1];
        }
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long v) || v <= 0 || v > long.MaxValue / mult)
            throw new ArgumentException($"{what} must be a positive size (e.g. 4m), got '{text}'");
        return v * mult;
    }

    private static string SizeText(long v) =>
        v % (1L << 30) == 0 ? $"{v >> 30}g" : v % (1L << 20) == 0 ? $"{v >> 20}m" : v % (1L << 10) == 0 ? $"{v >> 10}k" : v.ToString(CultureInfo.InvariantCulture);
}
