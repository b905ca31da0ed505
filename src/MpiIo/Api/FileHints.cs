using System.Globalization;
using MpiIo.Mpi;

namespace MpiIo;

/// <summary>
/// The effective hints of an open file, by ROMIO's names and with ROMIO's defaults; what
/// <see cref="MpiFile.GetInfo"/> returns. Hints MpiIo does not know are kept and passed to the driver.
/// </summary>
public sealed class FileHints
{
    /// <summary><c>cb_buffer_size</c>: bytes of the collective buffer per aggregator and cycle.</summary>
    public const string CbBufferSize = "cb_buffer_size";
    /// <summary><c>cb_nodes</c>: the number of aggregators.</summary>
    public const string CbNodes = "cb_nodes";
    /// <summary><c>cb_config_list</c>: where aggregators run (<c>*:1</c> = one per node).</summary>
    public const string CbConfigList = "cb_config_list";
    /// <summary><c>romio_cb_read</c>: enable / disable / automatic.</summary>
    public const string RomioCbRead = "romio_cb_read";
    /// <summary><c>romio_cb_write</c>: enable / disable / automatic.</summary>
    public const string RomioCbWrite = "romio_cb_write";
    /// <summary><c>ind_rd_buffer_size</c>: the data-sieving read window.</summary>
    public const string IndRdBufferSize = "ind_rd_buffer_size";
    /// <summary><c>ind_wr_buffer_size</c>: the data-sieving write window.</summary>
    public const string IndWrBufferSize = "ind_wr_buffer_size";
    /// <summary><c>romio_ds_read</c>: enable / disable / automatic.</summary>
    public const string RomioDsRead = "romio_ds_read";
    /// <summary><c>romio_ds_write</c>: enable / disable / automatic.</summary>
    public const string RomioDsWrite = "romio_ds_write";
    /// <summary><c>striping_unit</c>: bytes per stripe (file-domain alignment).</summary>
    public const string StripingUnit = "striping_unit";
    /// <summary><c>striping_factor</c>: number of servers a new file is striped over.</summary>
    public const string StripingFactor = "striping_factor";
    /// <summary><c>start_iodevice</c>: the first server of a new file.</summary>
    public const string StartIodevice = "start_iodevice";
    /// <summary><c>romio_min_fdomain_size</c>: the smallest file domain an aggregator gets.</summary>
    public const string RomioMinFdomainSize = "romio_min_fdomain_size";

    private static readonly string[] Switches = ["enable", "disable", "automatic"];

    // Numeric hints and the smallest value each accepts.
    private static readonly Dictionary<string, long> Numeric = new(StringComparer.Ordinal)
    {
        [CbBufferSize] = 1, [CbNodes] = 1, [IndRdBufferSize] = 1, [IndWrBufferSize] = 1,
        [StripingUnit] = 1, [StripingFactor] = 1, [StartIodevice] = 0, [RomioMinFdomainSize] = 0,
    };

    private static readonly HashSet<string> SwitchHints = new(StringComparer.Ordinal) { RomioCbRead, RomioCbWrite, RomioDsRead, RomioDsWrite };

    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    private FileHints() { }

    /// <summary>ROMIO's defaults for a file opened by <paramref name="nodes"/> nodes on a file system named <paramref name="filesystem"/>.</summary>
    public static FileHints Defaults(int nodes, string filesystem)
    {
        var h = new FileHints();
        h._values[CbBufferSize] = "16777216";
        h._values[RomioCbRead] = "automatic";
        h._values[RomioCbWrite] = "automatic";
        h._values[CbNodes] = nodes.ToString(CultureInfo.InvariantCulture);
        h._values[CbConfigList] = "*:1";
        h._values[IndRdBufferSize] = "4194304";
        h._values[IndWrBufferSize] = "524288";
        h._values[RomioDsRead] = "automatic";
        h._values[RomioDsWrite] = "automatic";
        h._values["romio_filesystem_type"] = filesystem;
        return h;
    }

    /// <summary>Applies user hints over these, checking the values of the hints MpiIo knows.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.InfoValue"/> naming the hint when a value is malformed.</exception>
    public FileHints With(IReadOnlyDictionary<string, string>? user)
    {
        var h = new FileHints();
        foreach (var (k, v) in _values) h._values[k] = v;
        if (user == null) return h;
        foreach (var (key, raw) in user)
        {
            var value = raw.Trim();
            if (Numeric.TryGetValue(key, out long min))
            {
                if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n < min)
                    throw new MpiException(ErrorClass.InfoValue, $"Hint {key}={raw} is not an integer >= {min}.");
                value = n.ToString(CultureInfo.InvariantCulture);
            }
            else if (SwitchHints.Contains(key))
            {
                value = value.ToLowerInvariant();
                if (Array.IndexOf(Switches, value) < 0)
                    throw new MpiException(ErrorClass.InfoValue, $"Hint {key}={raw} must be enable, disable or automatic.");
            }
            h._values[key] = value;
        }
        return h;
    }

    /// <summary>Sets a value MpiIo computed (e.g. the aggregator list).</summary>
    internal void SetComputed(string key, string value) => _values[key] = value;

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public string? this[string key] => _values.TryGetValue(key, out var v) ? v : null;

    /// <summary>A numeric hint's value, or <paramref name="fallback"/>.</summary>
    public long GetLong(string key, long fallback) =>
        _values.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    /// <summary>Every hint, sorted by name.</summary>
    public IReadOnlyDictionary<string, string> AsDictionary() => new Dictionary<string, string>(_values, StringComparer.Ordinal);

    /// <summary>Reads an <see cref="MpiInfo"/> into a dictionary (null for none).</summary>
    public static IReadOnlyDictionary<string, string>? FromInfo(MpiInfo? info) => info?.ToDictionary();
}
