using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Native;

/// <summary>
/// The C ABI library preloaded into an unmodified MPICH program (tests/c/preload_smoke.c): its MPI_File
/// calls reach MpiIo, the file is right, and MPI_Finalize ends cleanly.
/// </summary>
public class PreloadSmokeTests
{
    /// <summary>The library the tests preload: MPIIO_NATIVE_LIB, else artifacts/native/libmpiio.so.</summary>
    public static string Library
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("MPIIO_NATIVE_LIB");
            var path = !string.IsNullOrEmpty(env) ? env : Path.Combine(RepoPaths.Root, "artifacts", "native", "libmpiio.so");
            if (!File.Exists(path))
                Assert.Fail($"{path} is not built; ./run-mpi.sh build (or test) builds it.");
            return path;
        }
    }

    [Test]
    public void PreloadedProgram_StridedCollectiveWrite_GoesThroughMpiIoAndReadsBack()
    {
        using var dir = new TestDirectory();
        var file = dir.File("smoke.dat");
        var run = MpiRun.Run("mpiexec", ["-genv", "LD_PRELOAD", Library, "-n", "2", CPrograms.Path("preload_smoke"), file],
            TimeSpan.FromSeconds(120));
        Assert.That(run.ExitCode, Is.Zero, run.Transcript);
        Assert.That(run.Output, Does.Contain("preload_smoke ok"), run.Transcript);
        // MpiIo's handles carry the tag 0x4d49 in their top bytes; ROMIO's are heap pointers.
        Assert.That(run.Output, Does.Contain("handle=0x4d49"), run.Transcript);
        Assert.That(new FileInfo(file).Length, Is.EqualTo(2 * 1000 * 4));
    }
}
