using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Btio;

/// <summary>
/// Bad input to btio: a clear message on stderr and exit status 2 from every rank (mpiexec reports the worst
/// status, and a rank left waiting would hit the timeout), with nothing written.
/// </summary>
[TestFixture]
public class BtioBadInputTests
{
    private TestDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TestDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private void AssertRejected(MpiRunResult run, string message, string? untouched = null)
    {
        Assert.That(run.TimedOut, Is.False, run.Transcript);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error, Does.Contain(message), run.Transcript);
        Assert.That(run.Output, Does.Not.Contain("Time step"), run.Transcript);
        Assert.That(Directory.GetFileSystemEntries(untouched ?? _dir.Path), Is.Empty, "something was written");
    }

    [TestCase(2)]
    [TestCase(3)]
    public void Run_NonSquareProcessCount_ExitsTwoOnEveryRank(int ranks) =>
        AssertRejected(BtioProgram.Run(ranks, "--class", "S", "--dir", _dir.Path), $"needs a square number of processes (1, 4, 9, 16, ...), got {ranks}");

    [Test]
    public void Run_UnknownClass_ExitsTwo() =>
        AssertRejected(BtioProgram.Run(1, "--class", "D", "--dir", _dir.Path), "unknown class 'D'");

    [Test]
    public void Run_UnknownSubtype_ExitsTwo() =>
        AssertRejected(BtioProgram.Run(1, "--subtype", "fortran", "--dir", _dir.Path), "unknown subtype 'fortran'");

    [Test]
    public void Run_GhostMemoryWithSimpleSubtype_ExitsTwo() =>
        AssertRejected(BtioProgram.Run(1, "--subtype", "simple", "--memory", "ghost", "--dir", _dir.Path), "--memory ghost needs --subtype full");

    [Test]
    public void Run_MissingDirectoryFourRanks_ExitsTwoOnEveryRank() =>
        AssertRejected(BtioProgram.Run(4, "--dir", Path.Combine(_dir.Path, "missing")), "does not exist");

    [Test]
    public void Run_DirectoryIsAFile_ExitsTwo()
    {
        string file = _dir.File("plain");
        File.WriteAllText(file, "x");
        var run = BtioProgram.Run(1, "--dir", file);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
        Assert.That(run.Error, Does.Contain("is not a directory"));
        Assert.That(Directory.GetFileSystemEntries(_dir.Path), Is.EqualTo(new[] { file }));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Run_DirectoryNotWritable_ExitsTwo()
    {
        // Root writes through permission bits, so as root the read-only sysfs stands in for such a directory.
        bool root = Environment.UserName == "root";
        string dir = root ? "/sys" : _dir.Path;
        if (!root) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var run = BtioProgram.Run(1, "--dir", dir);
            Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
            Assert.That(run.Error, Does.Contain("is not writable"));
            Assert.That(File.Exists(Path.Combine(dir, "btio.full.out")), Is.False);
        }
        finally
        {
            if (!root) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void Run_UnregisteredFileSystemPrefix_ExitsTwo() =>
        AssertRejected(BtioProgram.Run(1, "--fs", "nosuchfs:", "--dir", _dir.Path), "the file system 'nosuchfs:' is not available: filename 'nosuchfs:");

    [TestCase("--compute-ms", "-3", "--compute-ms needs a nonnegative whole number")]
    [TestCase("--content", "random", "--content must be 'index' or 'solution'")]
    [TestCase("--compute", "gpu", "--compute must be 'busy' or 'sleep'")]
    [TestCase("--hint", "novalue", "--hint needs key=value")]
    [TestCase("--memory", "strided", "--memory must be 'packed' or 'ghost'")]
    [TestCase("--frobnicate", "1", "unknown argument '--frobnicate'")]
    public void Run_MalformedOption_ExitsTwo(string option, string value, string message) =>
        AssertRejected(BtioProgram.Run(1, option, value, "--dir", _dir.Path), message);

    [Test]
    public void Run_OptionWithoutValue_ExitsTwo() =>
        AssertRejected(BtioProgram.Run(1, "--dir", _dir.Path, "--class"), "--class needs a value");

    [Test]
    public void Run_JsonDirectoryMissing_ExitsTwo() =>
        AssertRejected(BtioProgram.Run(1, "--dir", _dir.Path, "--json", Path.Combine(_dir.Path, "no", "r.json")), "the directory of --json");
}
