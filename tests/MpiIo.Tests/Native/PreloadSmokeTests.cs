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

    [Test]
    public void PreloadedProgram_BadArguments_ReturnTheirErrorClassesAndGoOn()
    {
        using var dir = new TestDirectory();
        var run = MpiRun.Run("mpiexec", ["-genv", "LD_PRELOAD", Library, "-n", "2", CPrograms.Path("preload_errors"), dir.File("e.dat")],
            TimeSpan.FromSeconds(120));
        Assert.That(run.ExitCode, Is.Zero, run.Transcript);
        string[] expected =
        [
            "null_comm class=5", "bad_info class=28", "null_fh_pointer class=12", "file_null class=27", "foreign_handle class=27",
            "null_filename class=12", "bad_datatype class=3", "null_buffer class=1", "null_result class=12",
            "collective_bad_datatype class=3", "comm_errhandler_on_file class=12", "user_handler_read_only_bad_offset class=12",
            "user_handler_after_frees class=12", "handler calls=2 code_class_arg=1 same_handle=1",
            "close_with_split_active class=32", "refused_close_keeps_handle=1", "split_end_after_refused_close class=0", "closed_handle class=27", "c2f_of_null=0 f2c_of_0_is_null=1",
            "preload_errors done",
        ];
        foreach (var line in expected) Assert.That(run.Output, Does.Contain(line), run.Transcript);
        Assert.That(File.Exists(dir.File("e.dat")), Is.False, "rank 0 deleted the file");
    }
}
