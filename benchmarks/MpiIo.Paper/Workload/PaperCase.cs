using System.Globalization;

namespace MpiIo.Paper.Workload;

/// <summary>Which interface a case goes through.</summary>
internal enum PaperApi
{
    /// <summary>The file system's own interface: <c>PvfsNativeFile</c> on the striped file system, POSIX pread/pwrite on the local one.</summary>
    Native,
    /// <summary>MPI-IO independent calls (<c>MPI_File_write_at</c>/<c>MPI_File_read_at</c>).</summary>
    Independent,
    /// <summary>MPI-IO collective calls (<c>MPI_File_write_at_all</c>/<c>MPI_File_read_at_all</c>).</summary>
    Collective,
}

/// <summary>Where a case's file lives.</summary>
internal enum PaperFs
{
    /// <summary>The embedded striped file system (<c>pvfs:</c> names).</summary>
    Pvfs,
    /// <summary>The local file system.</summary>
    Local,
}

/// <summary>Which implementation runs a case.</summary>
internal enum PaperImpl
{
    /// <summary>This project (C#).</summary>
    MpiIo,
    /// <summary>MPICH's own MPI-IO (ROMIO) through <c>benchmarks/c/paper_peer.c</c>.</summary>
    Mpich,
}

/// <summary>
/// One point of the sweep: every rank writes <see cref="BlockBytes"/> at offset rank × block, in calls of
/// <see cref="RequestBytes"/>, to a new file, then reads them back after a close and reopen.
/// </summary>
internal sealed record PaperCase(int Id, PaperImpl Impl, PaperFs Fs, PaperApi Api, int Ranks, int IoServers,
    long BlockBytes, long RequestBytes, long StripeBytes, string Path, string Sweep)
{
    /// <summary>Calls per rank and operation.</summary>
    public long Calls => (BlockBytes + RequestBytes - 1) / RequestBytes;

    /// <summary>Bytes every operation moves across all ranks.</summary>
    public long TotalBytes => BlockBytes * Ranks;

    /// <summary>The case as one tab-separated plan line (read back by <see cref="Parse"/>).</summary>
    public string ToLine() => string.Join('\t', Id.ToString(CultureInfo.InvariantCulture), Impl, Fs, Api,
        Ranks.ToString(CultureInfo.InvariantCulture), IoServers.ToString(CultureInfo.InvariantCulture),
        BlockBytes.ToString(CultureInfo.InvariantCulture), RequestBytes.ToString(CultureInfo.InvariantCulture),
        StripeBytes.ToString(CultureInfo.InvariantCulture), Path, Sweep);

    /// <summary>Reads a plan line.</summary>
    /// <exception cref="FormatException">The line does not have the eleven fields of <see cref="ToLine"/>.</exception>
    public static PaperCase Parse(string line)
    {
        string[] f = line.Split('\t');
        if (f.Length != 11)
            throw new FormatException($"plan line has {f.Length} fields, expected 11: '{line}'");
        static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);
        return new PaperCase(I(f[0]), Enum.Parse<PaperImpl>(f[1]), Enum.Parse<PaperFs>(f[2]), Enum.Parse<PaperApi>(f[3]),
            I(f[4]), I(f[5]), L(f[6]), L(f[7]), L(f[8]), f[9], f[10]);
    }
}
