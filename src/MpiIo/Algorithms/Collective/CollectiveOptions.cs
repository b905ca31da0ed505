using MpiIo.Storage;

namespace MpiIo.Algorithms.Collective;

/// <summary>Collective buffering (<c>romio_cb_read</c>/<c>romio_cb_write</c>): enable, disable or decide.</summary>
public enum CollectiveBuffering
{
    /// <summary>Decide per call from every rank's access.</summary>
    Automatic,
    /// <summary>Always two-phase.</summary>
    Enable,
    /// <summary>Never: every rank accesses the file itself.</summary>
    Disable,
}

/// <summary>The hints of two-phase I/O, read from a file's effective hints.</summary>
internal sealed record CollectiveOptions
{
    /// <summary>MpiIo's hint: automatic collective buffering is used only when the average piece is smaller than this.</summary>
    public const string PieceThresholdHint = "mpiio_cb_piece_threshold";
    /// <summary>MpiIo's hint: holes at least this large are not read by two-phase reads.</summary>
    public const string ReadHoleHint = "mpiio_cb_read_hole";

    // Measured here (bench strided --collective): at 4 KiB pieces writing each piece in place already beats the
    // exchange at 2 and 4 ranks; below that, one large request per aggregator wins.
    public const long DefaultPieceThreshold = 4 << 10;
    public const long DefaultReadHole = 256 << 10;

    public long BufferSize { get; init; } = 16 << 20;
    public long CbNodes { get; init; }
    public string ConfigList { get; init; } = "*:1";
    public CollectiveBuffering CbRead { get; init; }
    public CollectiveBuffering CbWrite { get; init; }
    public long StripingUnit { get; init; }
    public long MinDomain { get; init; }
    public long PieceThreshold { get; init; } = DefaultPieceThreshold;
    public long ReadHole { get; init; } = DefaultReadHole;

    public static CollectiveOptions From(FileHints h) => new()
    {
        BufferSize = Math.Clamp(h.GetLong(FileHints.CbBufferSize, 16 << 20), 1, 1L << 30),
        CbNodes = h.RequestedCbNodes ?? 0,
        ConfigList = h[FileHints.CbConfigList] ?? "*:1",
        CbRead = Parse(h[FileHints.RomioCbRead]),
        CbWrite = Parse(h[FileHints.RomioCbWrite]),
        StripingUnit = h.GetLong(FileHints.StripingUnit, 0),
        MinDomain = h.GetLong(FileHints.RomioMinFdomainSize, 0),
        PieceThreshold = h.GetLong(PieceThresholdHint, DefaultPieceThreshold),
        ReadHole = Math.Max(1, h.GetLong(ReadHoleHint, DefaultReadHole)),
    };

    /// <summary>The file-domain alignment: the file's stripe size when it is striped, else <c>striping_unit</c>.</summary>
    public long AlignUnit(StripingLayout? striping) => striping?.StripeSize ?? StripingUnit;

    private static CollectiveBuffering Parse(string? v) => v switch
    {
        "enable" => CollectiveBuffering.Enable,
        "disable" => CollectiveBuffering.Disable,
        _ => CollectiveBuffering.Automatic,
    };
}
