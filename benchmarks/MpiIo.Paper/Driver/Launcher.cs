using System.Diagnostics;

namespace MpiIo.Paper.Driver;

/// <summary>
/// Runs one child (mpiexec or the C peer) in the driver's process group, handing each stdout line to a callback
/// and appending stderr to a log. The child's whole process tree is killed on timeout or cancellation, so an
/// interrupted sweep leaves no rank behind.
/// </summary>
internal static class Launcher
{
    /// <summary>Runs <paramref name="program"/>; returns its exit code, or −1 after a timeout or cancellation.</summary>
    public static int Run(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment,
        Action<string> onLine, TextWriter log, TimeSpan timeout, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
            psi.Environment[k] = v;
        using var proc = new Process { StartInfo = psi };
        proc.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null)
                return;
            lock (log)
                log.WriteLine(e.Data);
            onLine(e.Data);
        };
        proc.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
                lock (log)
                    log.WriteLine("stderr: " + e.Data);
        };
        lock (log)
            log.WriteLine($"$ {program} {string.Join(' ', args)}");
        proc.Start();
        proc.BeginOutputReadLine();
        proc.BeginErrorReadLine();
        using CancellationTokenRegistration stop = cancel.Register(() => Kill(proc));
        if (!proc.WaitForExit(timeout) || cancel.IsCancellationRequested)
        {
            Kill(proc);
            proc.WaitForExit(10_000);
            lock (log)
                log.WriteLine(cancel.IsCancellationRequested ? "interrupted" : $"killed after {timeout.TotalSeconds:0} s");
            return -1;
        }
        proc.WaitForExit();
        return proc.ExitCode;
    }

    private static void Kill(Process proc)
    {
        try
        {
            proc.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
