using System.Globalization;

namespace MpiIo.Btio;

/// <summary>Prints a run's results the way NPB's BT-IO does (<c>print_results</c> and the BTIO statistics).</summary>
internal static class NpbReport
{
    /// <summary>Writes <paramref name="r"/> to <paramref name="output"/>.</summary>
    public static void Print(BtioResult r, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(" BTIO -- statistics:");
        output.WriteLine(string.Format(inv, "   I/O timing in seconds   : {0,14:F2}", r.WriteTimeS));
        output.WriteLine(string.Format(inv, "   I/O timing percentage   : {0,14:F2}", r.IoPercent));
        output.WriteLine(string.Format(inv, "   Total data written (MB) : {0,14:F2}", r.BytesWritten / 1e6));
        output.WriteLine(string.Format(inv, "   I/O data rate  (MB/sec) : {0,14:F2}", r.WriteMbps));
        output.WriteLine();
        output.WriteLine(" BT-IO Benchmark Completed.");
        Line(output, "Class", r.Class);
        Line(output, "Size", string.Format(inv, "{0,4}x{0,4}x{0,4}", r.Grid));
        Line(output, "Iterations", r.Iterations.ToString(inv));
        Line(output, "Time in seconds", r.TotalTimeS.ToString("F2", inv));
        Line(output, "Total processes", r.Processes.ToString(inv));
        Line(output, "I/O subtype", r.Subtype);
        Line(output, "File system", r.FsPrefix.Length == 0 ? "local" : r.FsPrefix);
        Line(output, "Content", r.Content);
        Line(output, "Memory layout", r.Memory);
        Line(output, "I/O time (s)", r.WriteTimeS.ToString("F3", inv));
        Line(output, "I/O percent", r.IoPercent.ToString("F2", inv));
        Line(output, "Data written (MB)", (r.BytesWritten / 1e6).ToString("F2", inv));
        Line(output, "Write MB/s", r.WriteMbps.ToString("F2", inv));
        Line(output, "Read time (s)", r.ReadTimeS.ToString("F3", inv));
        Line(output, "Read MB/s", r.ReadMbps.ToString("F2", inv));
        Line(output, "File size (bytes)", r.FileBytes.ToString(inv));
        if (r.CollectivePath.Length > 0) Line(output, "Collective path", r.CollectivePath);
        Line(output, "Verification", r.Verified ? "SUCCESSFUL" : "UNSUCCESSFUL");
        if (!r.Verified)
            output.WriteLine(string.Format(inv, " {0} values differ; {1} of {2} bytes read back; file has {3} bytes",
                r.Mismatches, r.BytesRead, r.BytesWritten, r.FileBytes));
        Line(output, "MPI", r.MpiLibrary);
        output.WriteLine();
    }

    private static void Line(TextWriter output, string label, string value) =>
        output.WriteLine($" {label,-17} = {value,24}");
}
