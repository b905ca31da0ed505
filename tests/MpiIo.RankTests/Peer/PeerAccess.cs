using MpiIo.Datatypes;
using MpiIo.Mpi;

namespace MpiIo.RankTests.Peer;

/// <summary>
/// MpiIo's side of a differential test: exactly what <c>tests/c/mpiio_peer.c</c> does through MPICH,
/// with the same arguments, memory pattern and output files.
/// </summary>
public static class PeerAccess
{
    public static int Run(Communicator world, string[] args)
    {
        if (args.Length < 7)
        {
            Console.Error.WriteLine("usage: peer MODE FILE DISP ETYPE FILETYPE MEMTYPE COUNT [--offset N] [--datarep R] [--hints k=v,..] [--rounds K]");
            return 2;
        }
        int p = world.Size, r = world.Rank;
        string mode = args[0], file = args[1], datarep = "native", offsetSpec = "0";
        string? memStem = null;
        var hints = new Dictionary<string, string>();
        int rounds = 1;
        for (int i = 7; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--offset": offsetSpec = args[i + 1]; break;
                case "--datarep": datarep = args[i + 1]; break;
                case "--rounds": rounds = int.Parse(args[i + 1]); break;
                case "--mem": memStem = args[i + 1]; break;
                case "--hints":
                    foreach (var kv in args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        int eq = kv.IndexOf('=');
                        hints[kv[..eq]] = kv[(eq + 1)..].Replace(';', ',');
                    }
                    break;
                default: Console.Error.WriteLine($"peer: unknown option {args[i]}"); return 2;
            }
        }
        long disp = TypeSpec.ParseExpr(args[2], p, r);
        var etype = TypeSpec.ParseType(args[3], p, r);
        var ftype = TypeSpec.ParseType(args[4], p, r);
        var mtype = TypeSpec.ParseType(args[5], p, r);
        long count = TypeSpec.ParseExpr(args[6], p, r);
        long offset = TypeSpec.ParseExpr(offsetSpec, p, r);
        bool writing = mode.StartsWith("write", StringComparison.Ordinal);
        bool at = mode.Contains("_at", StringComparison.Ordinal), all = mode.EndsWith("_all", StringComparison.Ordinal);

        long lo = Math.Min(mtype.TrueLb, 0);
        long hi = count > 0 ? Math.Max(0, (count - 1) * mtype.Extent + mtype.TrueLb + mtype.TrueExtent) : 0;
        long span = hi - lo;
        var mem = new byte[span];
        for (long j = 0; j < span; j++) mem[j] = writing ? PeerPattern.At(r, j) : (byte)0xEE;
        long origin = -lo;

        var amode = writing ? FileMode.Create | FileMode.ReadWrite : FileMode.ReadOnly;
        try
        {
            using var fh = MpiFile.Open(world, file, amode, hints);
            fh.SetView(disp, etype, ftype, datarep);
            IoStatus st = default;
            long perRound = count * mtype.Size / etype.Size;
            for (int k = 0; k < rounds; k++)
            {
                long off = offset + k * perRound;
                st = (writing, at, all) switch
                {
                    (true, true, false) => fh.Write(off, mem, origin, count, mtype),
                    (true, false, false) => fh.WriteCurrent(mem, origin, count, mtype),
                    (false, true, false) => fh.Read(off, mem, origin, count, mtype),
                    (false, false, false) => fh.ReadCurrent(mem, origin, count, mtype),
                    _ => Collective(fh, writing, at, off, mem, origin, count, mtype),
                };
            }
            var path = fh.LastCollectivePath;
            fh.Close();
            // A file of another driver (pvfs:/…) names no local path: --mem says where the images go.
            if (!writing) File.WriteAllBytes($"{memStem ?? file}.rank{r}.mem", mem);
            if (all && r == 0) Console.WriteLine($"collective path: {path}");
            Console.WriteLine($"rank {r}: {mode} {st.Bytes} bytes in the last call");
            return 0;
        }
        catch (Exception e) when (e is MpiException or MpiIo.Storage.StorageException)
        {
            Console.WriteLine($"rank {r}: ERROR {mode} class {(int)MpiIo.Errors.IoErrors.ClassOf(e)}");
            Console.Error.WriteLine($"peer: rank {r}: {e.Message}");
            return 3;
        }
    }

    private static IoStatus Collective(MpiFile fh, bool writing, bool at, long off, byte[] mem, long origin, long count, Datatype t) =>
        (writing, at) switch
        {
            (true, true) => fh.WriteAtAll(off, mem, origin, count, t),
            (true, false) => fh.WriteAllCurrent(mem, origin, count, t),
            (false, true) => fh.ReadAtAll(off, mem, origin, count, t),
            (false, false) => fh.ReadAllCurrent(mem, origin, count, t),
        };
}
