using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Pvfs;

/// <summary>Crash tests against the real <c>mpiio serve</c> process.</summary>
[TestFixture]
public class PvfsServeProcessTests
{
    private static string ToolPath() => PvfsToolsTests.ToolPath();

    private static Process Serve(string configPath)
    {
        Process process = Process.Start(PvfsToolsTests.StartInfo("serve", "--config", configPath, "--log-level", "warn"))!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static void WaitReady(PvfsConfig config, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.That(process.HasExited, Is.False, "mpiio serve exited early");
            try
            {
                using var client = new PvfsClient(config) { Timeout = TimeSpan.FromMilliseconds(500) };
                for (int i = 0; i < config.Servers.Count; i++)
                    client.Ping(i);
                return;
            }
            catch (StorageException) when (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Sleep(100);
            }
        }
    }

    private static void Terminate(Process process)
    {
        using Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        if (!process.WaitForExit(10_000))
        {
            process.Kill();
            Assert.Fail("mpiio serve did not stop on SIGTERM");
        }
    }

    [Test]
    public void Serve_SigkillThenRestart_FlushedDataIntactAndNoHalfFiles()
    {
        Assume.That(File.Exists(ToolPath()), Is.True, "the mpiio tool is built with the tests");
        using var directory = new TestDirectory();
        string root = directory.Path;
        var config = new PvfsConfig
        {
            FileSystemId = 5, StripeSize = 4096, SyncData = true, SyncMeta = true, Timeout = TimeSpan.FromSeconds(5),
            Servers =
            [
                new("127.0.0.1", TestPorts.Free(), PvfsRoles.Both, Path.Combine(root, "s0")),
                new("127.0.0.1", TestPorts.Free(), PvfsRoles.IO, Path.Combine(root, "s1")),
            ],
        };
        string configPath = Path.Combine(root, "fs.conf");
        File.WriteAllText(configPath, config.ToText());
        byte[] data = new byte[300_000];
        new Random(11).NextBytes(data);

        Process first = Serve(configPath);
        int created = 0;
        try
        {
            WaitReady(config, first);
            using var client = new PvfsClient(config);
            using (PvfsNativeFile keep = client.Create("/keep"))
            {
                keep.WriteAt(0, data);
                keep.Flush();
            }
            client.Mkdir("/churn");
            // Creates race the kill: whichever step the crash interrupts, no entry may point at missing data.
            var churn = new Thread(() =>
            {
                try
                {
                    using var c = new PvfsClient(config) { Timeout = TimeSpan.FromSeconds(2) };
                    for (int i = 0; i < 10_000; i++)
                    {
                        using PvfsNativeFile f = c.Create($"/churn/f{i}");
                        f.WriteAt(0, data.AsSpan(0, 5000));
                        Interlocked.Increment(ref created);
                    }
                }
                catch (StorageException)
                {
                    // The server died under us: expected.
                }
            });
            churn.Start();
            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref created) < 5 && clock.Elapsed < TimeSpan.FromSeconds(20))
                Thread.Sleep(5);
            first.Kill(); // SIGKILL
            first.WaitForExit();
            Assert.That(churn.Join(TimeSpan.FromSeconds(20)), Is.True, "the client noticed the dead server");
        }
        finally
        {
            if (!first.HasExited)
                first.Kill();
            first.Dispose();
        }
        Assert.That(created, Is.GreaterThanOrEqualTo(5));

        Process second = Serve(configPath);
        try
        {
            WaitReady(config, second);
            using var client = new PvfsClient(config);
            using (PvfsNativeFile keep = client.Open("/keep"))
            {
                byte[] back = new byte[data.Length];
                Assert.That(keep.ReadAt(0, back), Is.EqualTo(data.Length));
                Assert.That(back.AsSpan().SequenceEqual(data), Is.True, "flushed data survived SIGKILL");
            }
            IReadOnlyList<PvfsDirEntry> entries = client.ReadDir("/churn");
            Assert.That(entries.Count, Is.GreaterThanOrEqualTo(created));
            foreach (PvfsDirEntry entry in entries)
            {
                using PvfsNativeFile f = client.Open("/churn/" + entry.Name);
                Assert.That(f.GetSize(), Is.LessThanOrEqualTo(5000), entry.Name); // every data object exists
            }
            Terminate(second);
            Assert.That(second.ExitCode, Is.EqualTo(0), "clean stop on SIGTERM");
        }
        finally
        {
            if (!second.HasExited)
                second.Kill();
            second.Dispose();
        }
    }
}
