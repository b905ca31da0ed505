using System.Globalization;
using MpiIo.Datatypes;
using MpiIo.RankTests.Peer;

namespace MpiIo.Tests.Infrastructure;

/// <summary>
/// Seeded random file views and memory types in the type-spec language: vector, hvector, indexed (with
/// zero-length blocks), struct, subarray in both orders, resized and nested types, whose typemaps are
/// nonnegative, nondecreasing and non-overlapping (valid filetypes). Each rank's accesses stay inside a
/// region of its own, so ranks never write the same byte.
/// </summary>
public sealed class RandomViews
{
    /// <summary>Bytes of file each rank's accesses stay within.</summary>
    public const int Region = 24 << 10;

    private readonly Random _rng;
    private readonly bool _intOnly;

    private RandomViews(int seed, bool intOnly)
    {
        _rng = new Random(seed);
        _intOnly = intOnly;
    }

    /// <summary>One access: the arguments of mpiio_peer after MODE and FILE.</summary>
    public static string[] Access(int seed, int ranks)
    {
        var g = new RandomViews(seed, intOnly: seed % 2 == 0);
        string etype = g._intOnly ? "int" : "byte";
        string filetype = g.Type(3);
        string memtype = g._rng.Next(3) == 0 ? etype : g.Type(2);
        // Sizes decide how much data fits the region: measure the types through MpiIo's own model, which
        // the differential test itself checks against MPICH.
        var ft = TypeSpec.ParseType(filetype, ranks, 0);
        var mt = TypeSpec.ParseType(memtype, ranks, 0);
        long budget = Region / 2;
        long copies = Math.Max(1, budget / Math.Max(1, ft.Extent));
        long dataBytes = Math.Min(copies * ft.Size, 6000);
        long count = Math.Max(1, dataBytes / Math.Max(1, mt.Size));
        if (mt.Size == 0) count = 3;
        string[] hints = ["ind_wr_buffer_size=1107,ind_rd_buffer_size=1209", "ind_wr_buffer_size=4096,ind_rd_buffer_size=4096",
                          "romio_ds_write=disable,romio_ds_read=disable", "romio_ds_write=enable,romio_ds_read=enable", ""];
        var h = hints[g._rng.Next(hints.Length)];
        var args = new List<string> { $"R*{Region}", etype, filetype, memtype, count.ToString(CultureInfo.InvariantCulture) };
        if (h.Length > 0) { args.Add("--hints"); args.Add(h); }
        return args.ToArray();
    }

    private string Leaf() => _intOnly ? "int" : new[] { "byte", "short", "int", "double" }[_rng.Next(4)];

    private int N(int lo, int hi) => _rng.Next(lo, hi + 1);

    // A type with lb 0 whose blocks increase and do not overlap, and whose extent covers its data.
    private string Type(int depth)
    {
        if (depth == 0) return Leaf();
        switch (_rng.Next(7))
        {
            case 0:
            {
                int b = N(1, 3);
                return $"vector({N(1, 4)},{b},{b + N(0, 3)},{Type(depth - 1)})";
            }
            case 1:
            {
                string child = Type(depth - 1);
                var ct = TypeSpec.ParseType(child, 1, 0);
                int b = N(1, 3);
                // Block k's copies end at k·stride + (b-1)·extent + trueUb; the next block starts at its trueLb.
                return $"hvector({N(1, 4)},{b},{(b - 1) * ct.Extent + ct.TrueUb - Math.Min(0, ct.TrueLb) + N(0, 9)},{child})";
            }
            case 2:
            {
                int n = N(1, 4), d = 0;
                var bl = new List<int>();
                var ds = new List<int>();
                string child = Type(depth - 1);
                // MPICH's own pack engine misplaces data after a zero-length block whose type is not a
                // predefined one, so the oracle can only judge zero-length blocks of leaves.
                bool zeroAllowed = !child.Contains('(');
                for (int i = 0; i < n; i++)
                {
                    int b = zeroAllowed && _rng.Next(4) == 0 ? 0 : N(1, 3);
                    d += N(0, 3);
                    bl.Add(b);
                    ds.Add(d);
                    d += b;
                }
                return $"indexed([{string.Join(',', bl)}],[{string.Join(',', ds)}],{child})";
            }
            case 3:
            {
                int n = N(1, 3);
                long d = 0;
                var bl = new List<int>();
                var ds = new List<long>();
                var ts = new List<string>();
                for (int i = 0; i < n; i++)
                {
                    string t = Type(depth - 1);
                    var dt = TypeSpec.ParseType(t, 1, 0);
                    int b = N(1, 2);
                    d += N(0, 6);
                    bl.Add(b);
                    ds.Add(d);
                    ts.Add(t);
                    // The next field starts after this one's last data byte (its lb need not be 0).
                    d += (b - 1) * dt.Extent + dt.TrueUb;
                }
                return $"struct([{string.Join(',', bl)}],[{string.Join(',', ds)}],[{string.Join(',', ts)}])";
            }
            case 4:
            {
                int dims = N(2, 3);
                var sizes = new int[dims];
                var subs = new int[dims];
                var starts = new int[dims];
                for (int i = 0; i < dims; i++)
                {
                    sizes[i] = N(2, 6);
                    subs[i] = N(1, sizes[i]);
                    starts[i] = N(0, sizes[i] - subs[i]);
                }
                string order = _rng.Next(2) == 0 ? "C" : "F";
                return $"subarray([{string.Join(',', sizes)}],[{string.Join(',', subs)}],[{string.Join(',', starts)}],{order},{Leaf()})";
            }
            case 5:
            {
                string child = Type(depth - 1);
                var dt = TypeSpec.ParseType(child, 1, 0);
                return $"resized(0,{dt.TrueUb + N(0, 3) * 4},{child})";
            }
            default:
                return $"contig({N(1, 3)},{Type(depth - 1)})";
        }
    }
}
