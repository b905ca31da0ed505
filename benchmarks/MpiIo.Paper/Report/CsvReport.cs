using System.Globalization;

namespace MpiIo.Paper.Report;

/// <summary>results.csv: one row per repetition, with the case, the measurement and the machine (RFC 4180 quoting).</summary>
internal static class CsvReport
{
    /// <summary>The header line's columns.</summary>
    public static readonly string[] Columns =
    [
        "case", "impl", "fs", "api", "sweep", "ranks", "oversubscribed", "io_servers", "block_bytes", "request_bytes", "stripe_bytes",
        "rep", "write_s", "read_s", "write_MBps", "read_MBps", "bad_bytes",
        "host", "cores", "memory_bytes", "mpich", "loopback_MBps", "local_storage", "pvfs_storage",
    ];

    /// <summary>Writes the header and every row.</summary>
    public static void Write(TextWriter w, IReadOnlyList<ResultRow> rows, MachineInfo m)
    {
        w.WriteLine(string.Join(',', Columns));
        foreach (ResultRow r in rows)
        {
            var c = r.Case;
            string[] f =
            [
                I(c.Id), c.Impl.ToString(), c.Fs.ToString(), c.Api.ToString(), c.Sweep, I(c.Ranks), c.Ranks > m.Cores ? "true" : "false",
                I(c.IoServers), I(c.BlockBytes), I(c.RequestBytes), I(c.StripeBytes),
                I(r.Rep), D(r.WriteSeconds), D(r.ReadSeconds), D(r.WriteMBps), D(r.ReadMBps), I(r.BadBytes),
                m.Host, I(m.Cores), I(m.MemoryBytes), m.Mpich, D(m.LoopbackMBps), m.LocalStorage, m.PvfsStorage,
            ];
            for (int i = 0; i < f.Length; i++)
                f[i] = Quote(f[i]);
            w.WriteLine(string.Join(',', f));
        }
    }

    /// <summary>Quotes a field when it holds a comma, quote or line break.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
