using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace MpiIo.Paper.PvfsBench;

/// <summary>
/// What the servers' storage itself sustains, measured in the same run: one process writes a new file of the
/// benchmark's size in the benchmark's request size (pwrite) and reads it back (pread), in the servers' scratch
/// folder; best of <c>trials</c>, the file removed after each. A striped write can go no faster than its servers can
/// store, so the bandwidth table is read against this as well as against TCP.
/// </summary>
internal static class LocalStorageProbe
{
    /// <summary>Write and read MB/s (10⁶ B/s) of a new file in <paramref name="directory"/>.</summary>
    public static (double WriteMBps, double ReadMBps) Measure(string directory, long size, long request, int trials = 3)
    {
        string path = Path.Combine(directory, "local-storage-probe.dat");
        byte[] buffer = new byte[request];
        new Random(1).NextBytes(buffer);
        double write = 0, read = 0;
        try
        {
            for (int t = 0; t < trials; t++)
            {
                using (SafeFileHandle h = File.OpenHandle(path, System.IO.FileMode.Create, FileAccess.ReadWrite))
                {
                    var sw = Stopwatch.StartNew();
                    for (long at = 0; at < size; at += request)
                        RandomAccess.Write(h, buffer.AsSpan(0, (int)Math.Min(request, size - at)), at);
                    write = Math.Max(write, size / sw.Elapsed.TotalSeconds / 1e6);
                    sw.Restart();
                    for (long at = 0; at < size;)
                    {
                        int n = RandomAccess.Read(h, buffer.AsSpan(0, (int)Math.Min(request, size - at)), at);
                        if (n == 0)
                            break;
                        at += n;
                    }
                    read = Math.Max(read, size / sw.Elapsed.TotalSeconds / 1e6);
                }
                File.Delete(path);
            }
        }
        finally
        {
            File.Delete(path);
        }
        return (write, read);
    }
}
