using MpiIo.Paper.Driver;

namespace MpiIo.Paper.PvfsBench;

/// <summary>The command line of <c>MpiIo.Paper pvfs-latency</c>, which the benchmark driver starts.</summary>
internal sealed record LatencyArgs(string Path, int Request, int Ops, long Stripe, int[] Depths)
{
    /// <summary>Parses <c>--path P --request BYTES --ops N --stripe BYTES --depths LIST</c> (all required).</summary>
    /// <exception cref="ArgumentException">A missing, unknown or bad option, naming it.</exception>
    public static LatencyArgs Parse(IReadOnlyList<string> args)
    {
        string? path = null;
        int request = 0, ops = 0;
        long stripe = 0;
        int[]? depths = null;
        for (int i = 0; i < args.Count; i += 2)
        {
            string a = args[i];
            if (i + 1 >= args.Count)
                throw new ArgumentException($"{a} needs a value");
            string v = args[i + 1];
            switch (a)
            {
                case "--path": path = v; break;
                case "--request": request = (int)PaperOptions.Size(v, a); break;
                case "--ops": ops = PaperOptions.IntList(v, a, 1)[0]; break;
                case "--stripe": stripe = PaperOptions.Size(v, a); break;
                case "--depths": depths = PaperOptions.IntList(v, a, 1); break;
                default: throw new ArgumentException($"unknown option '{a}'");
            }
        }
        if (path == null || request == 0 || ops == 0 || stripe == 0 || depths == null)
            throw new ArgumentException("--path, --request, --ops, --stripe and --depths are required");
        if (request < 8 || (4L << 20) % request != 0)
            throw new ArgumentException($"--request must divide 4 MiB and hold 8 bytes, got {request}");
        return new LatencyArgs(path, request, ops, stripe, depths);
    }
}
