using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Btio;

/// <summary>
/// btio's <c>full</c> subtype against the same view written through MPICH's own MPI-IO (ROMIO) by
/// <c>tests/c/btio_peer.c</c>: same multipartition, same index content, <c>MPI_File_set_view</c> and one
/// <c>MPI_File_write_all</c> per dump. The two files must be byte-identical, whether btio's points are packed
/// in memory or lie in NPB's array with ghost layers.
/// </summary>
[TestFixture]
public class BtioDifferentialTests
{
    private TestDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TestDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [TestCase("S", 1, "packed,ghost")]
    [TestCase("S", 4, "packed,ghost")]
    [TestCase("W", 1, "ghost")]
    [TestCase("W", 4, "packed")]
    public void FullSubtype_IndexContent_FileMatchesMpich(string problemClass, int ranks, string memories)
    {
        string peerFile = _dir.File("mpich.out");
        var peer = MpiRun.Run("mpiexec", ["-n", ranks.ToString(), CPrograms.Path("btio_peer"), problemClass, peerFile, "--no-read"], BtioProgram.Timeout);
        Assert.That(peer.ExitCode, Is.EqualTo(0), "MPICH side failed\n" + peer.Transcript);
        var expected = File.ReadAllBytes(peerFile);
        // Packed memory is the contiguous fast path; NPB's ghost-layered array goes through the memory type.
        foreach (var memory in memories.Split(','))
        {
            var mine = BtioProgram.Run(ranks, "--class", problemClass, "--subtype", "full", "--content", "index", "--memory", memory, "--dir", _dir.Path);
            BtioProgram.AssertVerified(mine);
            var actual = File.ReadAllBytes(_dir.File("btio.full.out"));
            Assert.That(actual, Has.Length.EqualTo(expected.Length), $"{memory}: file sizes differ");
            int first = expected.AsSpan().CommonPrefixLength(actual);
            Assert.That(first, Is.EqualTo(expected.Length), $"{memory}: first difference at byte {first}");
        }
    }
}
