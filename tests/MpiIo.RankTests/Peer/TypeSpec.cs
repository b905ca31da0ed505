using MpiIo.Datatypes;

namespace MpiIo.RankTests.Peer;

/// <summary>
/// Parses the type-spec language of <c>tests/c/mpiio_peer.c</c> into MpiIo datatypes, so a differential
/// test can describe one view once and build it in MPICH and in MpiIo. The grammar is the C harness's:
/// names (byte char short int long longlong float double), contig, vector, hvector, indexed, hindexed,
/// indexed_block, hindexed_block, struct, subarray, darray, resized, dup; numbers are expressions over
/// integers, P (ranks) and R (this rank).
/// </summary>
public sealed class TypeSpec
{
    private readonly string _s;
    private readonly long _p, _r;
    private int _i;

    private TypeSpec(string s, long p, long r) { _s = s; _p = p; _r = r; }

    public static Datatype ParseType(string s, int size, int rank)
    {
        var t = new TypeSpec(s, size, rank);
        var d = t.Type();
        t.End();
        return d.Commit();
    }

    public static long ParseExpr(string s, int size, int rank)
    {
        var t = new TypeSpec(s, size, rank);
        long v = t.Expr();
        t.End();
        return v;
    }

    private FormatException Fail(string what) => new($"type spec: {what} at '{_s[Math.Min(_i, _s.Length)..]}'");

    private void Ws() { while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++; }
    private bool Accept(char c) { Ws(); if (_i < _s.Length && _s[_i] == c) { _i++; return true; } return false; }
    private void Expect(char c) { if (!Accept(c)) throw Fail($"expected '{c}'"); }
    private void End() { Ws(); if (_i != _s.Length) throw Fail("trailing text"); }

    private long Expr()
    {
        long v = Term();
        while (true)
        {
            if (Accept('+')) v += Term();
            else if (Accept('-')) v -= Term();
            else return v;
        }
    }

    private long Term()
    {
        long v = Atom();
        while (Accept('*')) v *= Atom();
        return v;
    }

    private long Atom()
    {
        Ws();
        if (Accept('(')) { long v = Expr(); Expect(')'); return v; }
        if (Accept('-')) return -Atom();
        if (_i < _s.Length && (_s[_i] == 'P' || _s[_i] == 'R') && (_i + 1 == _s.Length || !char.IsLetterOrDigit(_s[_i + 1])))
            return _s[_i++] == 'P' ? _p : _r;
        int start = _i;
        while (_i < _s.Length && char.IsDigit(_s[_i])) _i++;
        if (start == _i) throw Fail("expected a number");
        return long.Parse(_s.AsSpan(start, _i - start));
    }

    private long[] List()
    {
        var l = new List<long>();
        Expect('[');
        if (Accept(']')) return [];
        do l.Add(Expr()); while (Accept(','));
        Expect(']');
        return l.ToArray();
    }

    private string Word()
    {
        Ws();
        int start = _i;
        while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] == '_')) _i++;
        return _s[start.._i];
    }

    private Order OrderArg() => Word() switch
    {
        "C" => Order.C,
        "F" => Order.Fortran,
        _ => throw Fail("expected C or F"),
    };

    private static int[] Ints(long[] a) => Array.ConvertAll(a, x => checked((int)x));

    private Datatype Type()
    {
        var w = Word();
        switch (w)
        {
            case "byte": return Datatype.Byte;
            case "char": return Datatype.Char;
            case "short": return Datatype.Short;
            case "int": return Datatype.Int;
            case "long": return Datatype.Long;
            case "longlong": return Datatype.LongLong;
            case "float": return Datatype.Float;
            case "double": return Datatype.Double;
            case "": throw Fail("expected a type");
        }
        Expect('(');
        Datatype t;
        switch (w)
        {
            case "contig":
            {
                int n = (int)Expr(); Expect(',');
                t = Datatype.Contiguous(n, Type());
                break;
            }
            case "vector":
            case "hvector":
            {
                int c = (int)Expr(); Expect(','); int b = (int)Expr(); Expect(','); long s = Expr(); Expect(',');
                var old = Type();
                t = w == "vector" ? Datatype.Vector(c, b, (int)s, old) : Datatype.Hvector(c, b, s, old);
                break;
            }
            case "indexed":
            case "hindexed":
            {
                var b = List(); Expect(','); var d = List(); Expect(',');
                var old = Type();
                t = w == "indexed" ? Datatype.Indexed(Ints(b), Ints(d), old) : Datatype.Hindexed(Ints(b), d, old);
                break;
            }
            case "indexed_block":
            case "hindexed_block":
            {
                int b = (int)Expr(); Expect(','); var d = List(); Expect(',');
                var old = Type();
                t = w == "indexed_block" ? Datatype.IndexedBlock(b, Ints(d), old) : Datatype.HindexedBlock(b, d, old);
                break;
            }
            case "struct":
            {
                var b = List(); Expect(','); var d = List(); Expect(',');
                Expect('[');
                var types = new List<Datatype>();
                for (int k = 0; k < b.Length; k++)
                {
                    if (k > 0) Expect(',');
                    types.Add(Type());
                }
                Expect(']');
                t = Datatype.Struct(Ints(b), d, types.ToArray());
                break;
            }
            case "subarray":
            {
                var sizes = List(); Expect(','); var sub = List(); Expect(','); var st = List(); Expect(',');
                var ord = OrderArg(); Expect(',');
                t = Datatype.Subarray(Ints(sizes), Ints(sub), Ints(st), ord, Type());
                break;
            }
            case "darray":
            {
                int size = (int)Expr(); Expect(','); int rank = (int)Expr(); Expect(',');
                var g = List(); Expect(',');
                Expect('[');
                var dist = new List<Distribution>();
                do
                {
                    var dw = Word();
                    dist.Add(dw.StartsWith('b') ? Distribution.Block : dw.StartsWith('c') ? Distribution.Cyclic : Distribution.None);
                } while (Accept(','));
                Expect(']'); Expect(',');
                var da = List(); Expect(','); var ps = List(); Expect(',');
                var ord = OrderArg(); Expect(',');
                var dargs = Array.ConvertAll(da, x => x == -1 ? Datatype.DefaultDarg : checked((int)x));
                t = Datatype.Darray(size, rank, Ints(g), dist.ToArray(), dargs, Ints(ps), ord, Type());
                break;
            }
            case "resized":
            {
                long lb = Expr(); Expect(','); long ext = Expr(); Expect(',');
                t = Datatype.Resized(Type(), lb, ext);
                break;
            }
            case "dup":
                t = Datatype.Dup(Type());
                break;
            default:
                throw Fail($"unknown type constructor '{w}'");
        }
        Expect(')');
        return t;
    }
}
