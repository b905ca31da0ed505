using System.Globalization;
using MpiIo.Mpi;

namespace MpiIo.Algorithms;

/// <summary>
/// Data-sieving settings for independent noncontiguous I/O, with ROMIO's hint names and defaults.
/// Immutable; one per open file, built from the file's hints by <see cref="FromHints"/>.
/// </summary>
public sealed record DataSievingOptions
{
    /// <summary>The hint naming the read window size in bytes.</summary>
    public const string ReadBufferSizeHint = "ind_rd_buffer_size";
    /// <summary>The hint naming the write window size in bytes.</summary>
    public const string WriteBufferSizeHint = "ind_wr_buffer_size";
    /// <summary>The hint choosing sieving for reads.</summary>
    public const string ReadModeHint = "romio_ds_read";
    /// <summary>The hint choosing sieving for writes.</summary>
    public const string WriteModeHint = "romio_ds_write";

    /// <summary>ROMIO's default read window: 4 MiB.</summary>
    public const int DefaultReadBufferSize = 4 << 20;
    /// <summary>ROMIO's default write window: 512 KiB, smaller because the window is locked while it is rewritten.</summary>
    public const int DefaultWriteBufferSize = 512 << 10;
    /// <summary>The largest window accepted: 1 GiB.</summary>
    public const int MaxBufferSize = 1 << 30;

    /// <summary>The defaults: 4 MiB reads, 512 KiB writes, both automatic.</summary>
    public static DataSievingOptions Default { get; } = new();

    /// <summary>The read window in bytes (<c>ind_rd_buffer_size</c>).</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> outside 1 … <see cref="MaxBufferSize"/>.</exception>
    public int ReadBufferSize
    {
        get;
        init => field = CheckSize(value, nameof(ReadBufferSize));
    } = DefaultReadBufferSize;

    /// <summary>The write window in bytes (<c>ind_wr_buffer_size</c>).</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> outside 1 … <see cref="MaxBufferSize"/>.</exception>
    public int WriteBufferSize
    {
        get;
        init => field = CheckSize(value, nameof(WriteBufferSize));
    } = DefaultWriteBufferSize;

    /// <summary>Sieving for reads (<c>romio_ds_read</c>).</summary>
    public DataSievingMode ReadMode { get; init; } = DataSievingMode.Automatic;

    /// <summary>Sieving for writes (<c>romio_ds_write</c>).</summary>
    public DataSievingMode WriteMode { get; init; } = DataSievingMode.Automatic;

    /// <summary>Under <see cref="DataSievingMode.Automatic"/>, a window is sieved only if its average piece is at most this many bytes (OMPIO: 1 MiB).</summary>
    public long AutomaticMaxAverageBlock { get; init; } = 1 << 20;

    /// <summary>Under <see cref="DataSievingMode.Automatic"/>, a window is sieved only if its average gap is at most this many bytes (OMPIO: 4 KiB).</summary>
    public long AutomaticMaxAverageGap { get; init; } = 4 << 10;

    /// <summary>Under <see cref="DataSievingMode.Automatic"/>, pieces at least this large are sieved only when the gaps are at most half their size.</summary>
    public long AutomaticCheapPiece { get; init; } = 2 << 10;

    /// <summary>
    /// Reads the four hints from <paramref name="hints"/> over <paramref name="defaults"/> (or <see cref="Default"/>).
    /// Values that do not parse or are out of range are ignored, as MPI lets implementations ignore hints.
    /// </summary>
    public static DataSievingOptions FromHints(IReadOnlyDictionary<string, string>? hints, DataSievingOptions? defaults = null)
    {
        DataSievingOptions options = defaults ?? Default;
        if (hints is null)
            return options;
        if (TryGetSize(hints, ReadBufferSizeHint, out int read))
            options = options with { ReadBufferSize = read };
        if (TryGetSize(hints, WriteBufferSizeHint, out int write))
            options = options with { WriteBufferSize = write };
        if (TryGetMode(hints, ReadModeHint, out DataSievingMode readMode))
            options = options with { ReadMode = readMode };
        if (TryGetMode(hints, WriteModeHint, out DataSievingMode writeMode))
            options = options with { WriteMode = writeMode };
        return options;
    }

    /// <summary>Writes the effective values under their hint names (for <c>MPI_File_get_info</c>).</summary>
    public void WriteHints(IDictionary<string, string> hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        hints[ReadBufferSizeHint] = ReadBufferSize.ToString(CultureInfo.InvariantCulture);
        hints[WriteBufferSizeHint] = WriteBufferSize.ToString(CultureInfo.InvariantCulture);
        hints[ReadModeHint] = ModeName(ReadMode);
        hints[WriteModeHint] = ModeName(WriteMode);
    }

    private static string ModeName(DataSievingMode mode) => mode switch
    {
        DataSievingMode.Enable => "enable",
        DataSievingMode.Disable => "disable",
        _ => "automatic",
    };

    private static bool TryGetSize(IReadOnlyDictionary<string, string> hints, string key, out int size)
    {
        size = 0;
        return hints.TryGetValue(key, out string? text)
            && int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out size)
            && size is > 0 and <= MaxBufferSize;
    }

    private static bool TryGetMode(IReadOnlyDictionary<string, string> hints, string key, out DataSievingMode mode)
    {
        mode = DataSievingMode.Automatic;
        if (!hints.TryGetValue(key, out string? text))
            return false;
        switch (text.Trim().ToLowerInvariant())
        {
            case "enable":
                mode = DataSievingMode.Enable;
                return true;
            case "disable":
                mode = DataSievingMode.Disable;
                return true;
            case "automatic":
                mode = DataSievingMode.Automatic;
                return true;
            default:
                return false;
        }
    }

    private static int CheckSize(int value, string name)
    {
        if (value is <= 0 or > MaxBufferSize)
            throw new MpiException(ErrorClass.Arg, $"{name} ({value}) must be between 1 and {MaxBufferSize} bytes.");
        return value;
    }
}
