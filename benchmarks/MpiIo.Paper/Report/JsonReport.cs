using System.Text.Json;

namespace MpiIo.Paper.Report;

/// <summary>results.json: the machine, the settings, every repetition, every point's summary and the fits.</summary>
internal static class JsonReport
{
    /// <summary>Writes the whole report as one indented JSON object.</summary>
    public static void Write(Stream stream, ReportData d)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("label", d.Label);
        w.WriteStartObject("machine");
        MachineInfo m = d.Machine;
        w.WriteString("host", m.Host);
        w.WriteString("os", m.Os);
        w.WriteString("cpu", m.Cpu);
        w.WriteNumber("cores", m.Cores);
        w.WriteNumber("memory_bytes", m.MemoryBytes);
        w.WriteString("mpich", m.Mpich);
        w.WriteString("dotnet", m.DotNet);
        w.WriteString("local_storage", m.LocalStorage);
        w.WriteString("pvfs_storage", m.PvfsStorage);
        w.WriteNumber("loopback_MBps", Math.Round(m.LoopbackMBps, 1));
        w.WriteString("started", m.Started);
        w.WriteEndObject();
        w.WriteStartObject("settings");
        w.WriteNumber("reps", d.Reps);
        w.WriteNumber("drop", d.Drop);
        w.WriteStartArray("pvfs_servers");
        foreach (string a in d.ServerAddresses)
            w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("rows");
        foreach (ResultRow r in d.Rows)
        {
            w.WriteStartObject();
            WriteCase(w, r.Case, m.Cores);
            w.WriteNumber("rep", r.Rep);
            w.WriteNumber("write_s", r.WriteSeconds);
            w.WriteNumber("read_s", r.ReadSeconds);
            w.WriteNumber("write_MBps", r.WriteMBps);
            w.WriteNumber("read_MBps", r.ReadMBps);
            w.WriteNumber("bad_bytes", r.BadBytes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("summary");
        foreach (PointSummary s in d.Summaries)
        {
            w.WriteStartObject();
            WriteCase(w, s.Case, m.Cores);
            w.WriteNumber("reps", s.Reps);
            w.WriteNumber("write_MBps", s.WriteMBps);
            w.WriteNumber("read_MBps", s.ReadMBps);
            Nullable(w, "write_ratio_vs_mpich", s.WriteRatio);
            Nullable(w, "read_ratio_vs_mpich", s.ReadRatio);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("fits");
        foreach (CurveFitRow f in d.Fits)
        {
            w.WriteStartObject();
            w.WriteString("series", f.Series);
            w.WriteString("operation", f.Operation);
            Nullable(w, "slope_MBps_per_process", f.Fit.Slope);
            Nullable(w, "slope_ci95_low", f.Fit.SlopeLow);
            Nullable(w, "slope_ci95_high", f.Fit.SlopeHigh);
            Nullable(w, "intercept_MBps", f.Fit.Intercept);
            w.WriteNumber("knee_processes", f.Fit.Knee);
            w.WriteBoolean("has_plateau", f.Fit.HasPlateau);
            Nullable(w, "plateau_MBps", f.Fit.Plateau);
            Nullable(w, "plateau_ci95_low", f.Fit.PlateauLow);
            Nullable(w, "plateau_ci95_high", f.Fit.PlateauHigh);
            w.WriteNumber("observations", f.Fit.Observations);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("failures");
        foreach (string f in d.Failures)
            w.WriteStringValue(f);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCase(Utf8JsonWriter w, Workload.PaperCase c, int cores)
    {
        w.WriteNumber("case", c.Id);
        w.WriteString("impl", c.Impl.ToString());
        w.WriteString("fs", c.Fs.ToString());
        w.WriteString("api", c.Api.ToString());
        w.WriteString("sweep", c.Sweep);
        w.WriteNumber("ranks", c.Ranks);
        w.WriteBoolean("oversubscribed", c.Ranks > cores);
        w.WriteNumber("io_servers", c.IoServers);
        w.WriteNumber("block_bytes", c.BlockBytes);
        w.WriteNumber("request_bytes", c.RequestBytes);
        w.WriteNumber("stripe_bytes", c.StripeBytes);
    }

    // JSON has no NaN: an undefined figure (an interval from one observation) is null.
    private static void Nullable(Utf8JsonWriter w, string name, double? v)
    {
        if (v is double x && double.IsFinite(x))
            w.WriteNumber(name, x);
        else
            w.WriteNull(name);
    }
}
