using System.Diagnostics;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Pvfs;

/// <summary>The <c>mpiio</c> command, run as a process the way users run it.</summary>
[TestFixture]
public class PvfsToolsTests
{
    internal static string ToolPath()
    {
        string testDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.Combine(testDir, "..", "..", "MpiIo.Tools", Path.GetFileName(testDir), "MpiIo.Tools.dll"));
    }

    internal static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath());
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment.Remove(PvfsConfig.ConfigVariable);
        start.Environment.Remove(PvfsConfig.TabVariable);
        return start;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using Process process = Process.Start(StartInfo(args))!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            Assert.Fail($"mpiio {string.Join(' ', args)} did not finish");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    [SetUp]
    public void RequireTool() => Assume.That(File.Exists(ToolPath()), Is.True, "the mpiio tool is built with the tests");

    [Test]
    public void Help_EveryCommand_ExitsZero()
    {
        foreach (string command in new[] { "genconfig", "serve", "ping", "ls", "mkdir", "rm", "cp", "stat", "viewdist", "statfs" })
        {
            var (code, output, _) = Run(command, "--help");
            Assert.That(code, Is.EqualTo(0), command);
            Assert.That(output, Does.Contain("usage: mpiio " + command));
        }
    }

    [Test]
    public void UnknownCommandOrMissingOption_ExitsTwoWithOneLine()
    {
        var (code, _, error) = Run("frobnicate");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error.Trim(), Does.Contain("unknown command").And.Not.Contain("\n"));
        (code, _, error) = Run("genconfig", "--servers", "2");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--storage"));
    }

    [Test]
    public void Ls_NoConfiguration_ExitsOneWithOneLine()
    {
        var (code, _, error) = Run("ls", "pvfs:/");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.Contain(PvfsConfig.ConfigVariable).And.Not.Contain("\n"));
    }

    [Test]
    public void Serve_PortTaken_ExitsOneNamingTheServer()
    {
        using var directory = new TestDirectory();
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            string config = Path.Combine(directory.Path, "fs.conf");
            File.WriteAllText(config, $"[server]\naddress = 127.0.0.1:{port}\nroles = metadata,io\nstorage = {directory.Path}/s\n");
            var (code, _, error) = Run("serve", "--config", config);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain($"127.0.0.1:{port}").And.Contain("cannot listen"));
        }
        finally
        {
            taken.Stop();
        }
    }

    [Test]
    public void Ping_ServersDown_ExitsOneNamingThem()
    {
        using var directory = new TestDirectory();
        string dir = directory.Path;
        string config = Path.Combine(dir, "fs.conf");
        Assert.That(Run("genconfig", "--servers", "1", "--storage", dir, "--out", config, "--base-port", TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)).Code, Is.EqualTo(0));
        var (code, output, error) = Run("ping", "--config", config);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output + error, Does.Contain("FAILED").Or.Contain("cannot connect"));
    }

    [Test]
    public void Tools_AgainstServeProcess_CopyListStatViewdistStatfsRemove()
    {
        using var directory = new TestDirectory();
        string dir = directory.Path;
        Process? server = null;
        try
        {
            string config = Path.Combine(dir, "fs.conf");
            int port = TestPorts.Free();
            int second = TestPorts.Free();
            // genconfig gives server i port P+i, which may be taken: give the second server its own free port.
            Assert.That(Run("genconfig", "--servers", "2", "--storage", Path.Combine(dir, "st"), "--out", config,
                "--base-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--secret", "k", "--sync", "none").Code, Is.EqualTo(0));
            File.WriteAllText(config, File.ReadAllText(config).Replace($"127.0.0.1:{port + 1}", $"127.0.0.1:{second}", StringComparison.Ordinal));
            server = Process.Start(StartInfo("serve", "--config", config))!;
            server.BeginErrorReadLine();
            server.BeginOutputReadLine();
            var clock = Stopwatch.StartNew();
            while (Run("ping", "--config", config).Code != 0)
            {
                Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "servers came up");
                Thread.Sleep(100);
            }
            string local = Path.Combine(dir, "data.bin");
            byte[] data = new byte[200_000];
            new Random(3).NextBytes(data);
            File.WriteAllBytes(local, data);
            Assert.That(Run("mkdir", "pvfs:/d", "--config", config).Code, Is.EqualTo(0));
            Assert.That(Run("cp", local, "pvfs:/d/f", "--stripe-size", "4096", "--stripe-count", "2", "--config", config).Code, Is.EqualTo(0));
            string back = Path.Combine(dir, "back.bin");
            Assert.That(Run("cp", "pvfs:/d/f", back, "--config", config).Code, Is.EqualTo(0));
            Assert.That(File.ReadAllBytes(back), Is.EqualTo(data));
            Assert.That(Run("ls", "-l", "pvfs:/d", "--config", config).Out, Does.Contain("200000").And.Contain(" f"));
            Assert.That(Run("stat", "pvfs:/d/f", "--config", config).Out, Does.Contain("size:     200000"));
            string dist = Run("viewdist", "pvfs:/d/f", "--config", config).Out;
            Assert.That(dist, Does.Contain("strip_size = 4096").And.Contain("datafile 1: server 1"));
            Assert.That(Run("statfs", "--config", config).Out, Does.Contain("Both").And.Contain("IO"));
            var notEmpty = Run("rm", "pvfs:/d", "--config", config);
            Assert.That(notEmpty.Code, Is.EqualTo(1));
            Assert.That(Run("rm", "pvfs:/d/f", "pvfs:/d", "--config", config).Code, Is.EqualTo(0));
            Assert.That(Run("ls", "pvfs:/", "--config", config).Out.Trim(), Is.Empty);
        }
        finally
        {
            if (server != null)
            {
                if (!server.HasExited)
                    server.Kill();
                server.WaitForExit(10_000);
                server.Dispose();
            }
        }
    }
}

[TestFixture]
[NonParallelizable]
public class PvfsConfigEnvironmentTests
{
    [Test]
    public void FromEnvironment_ConfigVariableThenTabFile_LoadsConfig()
    {
        using var directory = new TestDirectory();
        string dir = directory.Path;
        string? savedConfig = Environment.GetEnvironmentVariable(PvfsConfig.ConfigVariable);
        string? savedTab = Environment.GetEnvironmentVariable(PvfsConfig.TabVariable);
        try
        {
            string config = Path.Combine(dir, "fs.conf");
            File.WriteAllText(config, "fsid = 9\n[server]\naddress = 127.0.0.1:1\nroles = metadata,io\nstorage = /s\n");
            Environment.SetEnvironmentVariable(PvfsConfig.ConfigVariable, config);
            Environment.SetEnvironmentVariable(PvfsConfig.TabVariable, null);
            Assert.That(PvfsConfig.FromEnvironment().FileSystemId, Is.EqualTo(9UL));
            string tab = Path.Combine(dir, "pvfstab");
            File.WriteAllText(tab, "# comment\npvfs: " + config + "\n");
            Environment.SetEnvironmentVariable(PvfsConfig.ConfigVariable, null);
            Environment.SetEnvironmentVariable(PvfsConfig.TabVariable, tab);
            Assert.That(PvfsConfig.FromEnvironment().FileSystemId, Is.EqualTo(9UL));
            File.WriteAllText(tab, "nothing here\n");
            Assert.That(Assert.Throws<StorageException>(() => PvfsConfig.FromEnvironment())!.Message, Does.Contain("pvfs <config>"));
            Environment.SetEnvironmentVariable(PvfsConfig.TabVariable, null);
            Assert.That(Assert.Throws<StorageException>(() => PvfsConfig.FromEnvironment())!.ErrorClass, Is.EqualTo(MpiIo.Mpi.ErrorClass.NoSuchFile));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PvfsConfig.ConfigVariable, savedConfig);
            Environment.SetEnvironmentVariable(PvfsConfig.TabVariable, savedTab);
        }
    }
}
