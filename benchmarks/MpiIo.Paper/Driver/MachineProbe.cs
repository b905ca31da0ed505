using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using MpiIo.Paper.Report;

namespace MpiIo.Paper.Driver;

/// <summary>Describes the machine for the report: cores, memory, CPU, MPICH, storage, and the TCP loopback bandwidth.</summary>
internal static class MachineProbe
{
    /// <summary>Everything but the MPICH version (the ranks report it) and storage (known after set-up).</summary>
    public static MachineInfo Describe(string localDir, string pvfsDir, double loopbackMBps) => new(
        Environment.MachineName, RuntimeInformation.OSDescription, CpuModel(), Environment.ProcessorCount, MemoryBytes(),
        MpichVersion(), RuntimeInformation.FrameworkDescription, Storage(localDir), Storage(pvfsDir), loopbackMBps,
        DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));

    /// <summary>
    /// The paper measured TCP with ttcp before its runs; this does the same over loopback: <paramref name="streams"/>
    /// connections, each with a sender and a receiver thread, 1 MiB writes for about <paramref name="seconds"/>, three
    /// trials, the best total in MB/s.
    /// </summary>
    public static double LoopbackMBps(double seconds = 0.4, int trials = 3, int streams = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        double best = 0;
        for (int t = 0; t < trials; t++)
            best = Math.Max(best, OneLoopbackTrial(seconds, streams));
        return best;
    }

    private static double OneLoopbackTrial(double seconds, int streams)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        long received = 0;
        var receivers = new Thread[streams];
        for (int i = 0; i < streams; i++)
        {
            receivers[i] = new Thread(() =>
            {
                using Socket s = listener.AcceptSocket();
                byte[] buf = new byte[1 << 20];
                long mine = 0;
                int n;
                while ((n = s.Receive(buf)) > 0)
                    mine += n;
                Interlocked.Add(ref received, mine);
            });
            receivers[i].Start();
        }
        var senders = new Thread[streams];
        var sw = new Stopwatch();
        using var start = new ManualResetEventSlim();
        for (int i = 0; i < streams; i++)
        {
            senders[i] = new Thread(() =>
            {
                using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                sender.Connect(IPAddress.Loopback, port);
                byte[] chunk = new byte[1 << 20];
                start.Wait();
                while (sw.Elapsed.TotalSeconds < seconds)
                    sender.Send(chunk);
                sender.Shutdown(SocketShutdown.Send);
            });
            senders[i].Start();
        }
        sw.Start();
        start.Set();
        foreach (Thread t in senders)
            t.Join();
        foreach (Thread t in receivers)
            t.Join();
        return received / sw.Elapsed.TotalSeconds / 1e6;
    }

    private static string CpuModel()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal))
                    return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static long MemoryBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string MpichVersion()
    {
        try
        {
            var psi = new ProcessStartInfo("mpichversion") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using Process p = Process.Start(psi)!;
            string text = p.StandardOutput.ReadToEnd();
            p.WaitForExit(5000);
            foreach (string line in text.Split('\n'))
                if (line.StartsWith("MPICH Version:", StringComparison.Ordinal))
                    return "MPICH " + line["MPICH Version:".Length..].Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        return "unknown";
    }

    /// <summary>"fstype on mountpoint (device), N GiB free" for the mount holding <paramref name="path"/>.</summary>
    public static string Storage(string path)
    {
        string full = Path.GetFullPath(path);
        string best = "/", type = "?", device = "?";
        try
        {
            foreach (string line in File.ReadLines("/proc/mounts"))
            {
                string[] f = line.Split(' ');
                if (f.Length < 3)
                    continue;
                string mount = f[1];
                bool under = full == mount || full.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal);
                if (under && mount.Length >= best.Length)
                    (best, device, type) = (mount, f[0], f[2]);
            }
        }
        catch (IOException)
        {
        }
        string free = "";
        try
        {
            free = string.Create(CultureInfo.InvariantCulture, $", {new DriveInfo(best).AvailableFreeSpace / (double)(1L << 30):F1} GiB free");
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
        }
        return $"{type} on {best} ({device}){free}";
    }
}
