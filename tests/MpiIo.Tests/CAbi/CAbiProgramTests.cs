using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.CAbi;

/// <summary>
/// Issue 9's C ABI: unmodified MPICH programs (tests/c/abi) run once with MPICH's own MPI-IO and once with
/// libmpiio.so preloaded; both runs pass their own checks, the preloaded run really used the library, and the
/// data files of the two runs are byte-identical. Without the library the tests fail and say how to build it.
/// </summary>
[TestFixture]
public class CAbiProgramTests
{
    private TestDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TestDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [TestCase("file_manage", 2)]
    [TestCase("errors", 2)]
    [TestCase("noncontig", 2)]
    [TestCase("coll_darray", 4)]
    [TestCase("shared_ordered", 3)]
    [TestCase("split_coll", 2)]
    [TestCase("nonblocking", 2)]
    [TestCase("atomicity", 2)]
    [TestCase("views", 2)]
    [TestCase("large_count", 2)]
    [TestCase("datarep", 2)]
    public void CProgram_MpichThenPreloaded_ChecksPassAndFilesIdentical(string name, int ranks) =>
        MpichThenPreloaded(AbiProgram.C(name), ranks);

    [Test]
    public void FortranSubarray_MpichThenPreloaded_ChecksPassAndFilesIdentical() =>
        MpichThenPreloaded(AbiProgram.Fortran("fortran_subarray"), 4);

    [Test]
    public void Find_LibraryMissing_MessageSaysHowToBuild()
    {
        var found = PreloadLibrary.Find(null, _dir.Path, out var message);
        Assert.That(found, Is.Null);
        Assert.That(message, Does.Contain("./run-mpi.sh build").And.Contain(PreloadLibrary.EnvironmentVariable));
    }

    [Test]
    public void Find_EnvironmentNamesMissingFile_MessageNamesTheVariable()
    {
        var missing = _dir.File("nowhere/libmpiio.so");
        var found = PreloadLibrary.Find(missing, _dir.Path, out var message);
        Assert.That(found, Is.Null);
        Assert.That(message, Does.Contain($"{PreloadLibrary.EnvironmentVariable}={missing}"));
    }

    [Test]
    public void Find_EnvironmentNamesFile_ReturnsIt()
    {
        var lib = _dir.File("libmpiio.so");
        File.WriteAllBytes(lib, [0x7f]);
        Assert.That(PreloadLibrary.Find(lib, "/nonexistent-root", out _), Is.EqualTo(lib));
    }

    [Test]
    public void Differences_OneByteChanged_ReportsFileAndOffset()
    {
        var a = Directory.CreateDirectory(_dir.File("a")).FullName;
        var b = Directory.CreateDirectory(_dir.File("b")).FullName;
        File.WriteAllBytes(Path.Combine(a, "x.dat"), [1, 2, 3, 4]);
        File.WriteAllBytes(Path.Combine(b, "x.dat"), [1, 2, 9, 4]);
        File.WriteAllBytes(Path.Combine(a, "only-a.dat"), [1]);
        File.WriteAllBytes(Path.Combine(b, ".hidden"), [1]);
        Assert.That(OutputComparison.Differences(a, b), Is.EqualTo(new[] { "only-a.dat: missing", "x.dat: first difference at byte 2 (0x09, expected 0x03)" }));
    }

    private void MpichThenPreloaded(AbiProgram program, int ranks)
    {
        var mpichDir = Directory.CreateDirectory(_dir.File("mpich")).FullName;
        var mpich = program.RunMpich(ranks, mpichDir);
        program.AssertPassed(mpich, "MPICH", lib => !lib.Contains("libmpiio", StringComparison.Ordinal));

        var library = PreloadLibrary.Require();
        var preloadDir = Directory.CreateDirectory(_dir.File("preloaded")).FullName;
        var preloaded = program.RunPreloaded(ranks, preloadDir, library);
        program.AssertPassed(preloaded, "preloaded", lib => Path.GetFileName(lib) == Path.GetFileName(library));

        var diffs = OutputComparison.Differences(mpichDir, preloadDir);
        Assert.That(diffs, Is.Empty, $"{program.Name}: the preloaded run's files differ from MPICH's\n{string.Join('\n', diffs)}");
    }
}
