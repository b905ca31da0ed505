using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Server;

/// <summary>Runs, in one process, every server of a configuration that lives on this host, until SIGTERM or SIGINT.</summary>
public static class PvfsServerHost
{
    /// <summary>Whether <paramref name="host"/> names this machine (loopback, its host name or one of its addresses).</summary>
    public static bool IsLocal(string host)
    {
        if (host is "localhost" or "0.0.0.0" or "::" || string.Equals(host, Dns.GetHostName(), StringComparison.OrdinalIgnoreCase))
            return true;
        if (!IPAddress.TryParse(host, out IPAddress? address))
            return false;
        if (IPAddress.IsLoopback(address))
            return true;
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
            foreach (UnicastIPAddressInformation info in nic.GetIPProperties().UnicastAddresses)
                if (info.Address.Equals(address))
                    return true;
        return false;
    }

    /// <summary>Starts the local servers of <paramref name="config"/> and runs them until a signal or <paramref name="cancel"/>.</summary>
    /// <returns>The process exit code: 0 after a clean stop.</returns>
    public static async Task<int> RunAsync(PvfsConfig config, ServerLog log, CancellationToken cancel = default)
    {
        var servers = new List<PvfsServer>();
        try
        {
            for (int i = 0; i < config.Servers.Count; i++)
            {
                if (!IsLocal(config.Servers[i].Host))
                    continue;
                var server = new PvfsServer(config, i, log);
                servers.Add(server);
                server.Start();
            }
        }
        catch
        {
            // One server could not start (port taken, storage unusable): stop the others before failing.
            foreach (PvfsServer server in servers)
                await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (servers.Count == 0)
        {
            log.Write(LogLevel.Error, "host", "no server of the configuration lives on this host");
            return 2;
        }
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            log.Write(LogLevel.Info, "host", $"{context.Signal}: stopping");
            stopped.TrySetResult();
        }
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using CancellationTokenRegistration registration = cancel.Register(() => stopped.TrySetResult());
        await stopped.Task.ConfigureAwait(false);
        foreach (PvfsServer server in servers)
            await server.DisposeAsync().ConfigureAwait(false);
        return 0;
    }
}
