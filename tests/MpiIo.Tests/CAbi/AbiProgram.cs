using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.CAbi;

/// <summary>
/// One C ABI test program of <c>tests/c/abi</c>: built with <c>mpicc</c> (or <c>mpif90</c>), run under
/// <c>mpiexec</c> once with MPICH's own MPI-IO and once with <c>libmpiio.so</c> preloaded into every rank
/// (<c>mpiexec -genv LD_PRELOAD LIB</c>), each into its own output directory. A program checks itself
/// (status 0 and "NAME: OK") and says which library answered its first MPI_File_open ("from LIB").
/// </summary>
public sealed class AbiProgram
{
    /// <summary>The hard timeout of one run; a run of these small programs takes seconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private AbiProgram(string name, string executable)
    {
        Name = name;
        Executable = executable;
    }

    /// <summary>The program's name (its source file's stem).</summary>
    public string Name { get; }

    /// <summary>The built executable.</summary>
    public string Executable { get; }

    /// <summary>The C program <c>tests/c/abi/NAME.c</c> (with <c>abi_check.h</c>).</summary>
    public static AbiProgram C(string name) => new(name, CPrograms.Path("abi/" + name, "mpicc", $"abi/{name}.c"));

    /// <summary>The Fortran program <c>tests/c/abi/NAME.f90</c>, linked with <c>fortran_where.c</c>.</summary>
    public static AbiProgram Fortran(string name) =>
        new(name, CPrograms.Path("abi/" + name, "mpif90", $"abi/{name}.f90", "abi/fortran_where.c"));

    /// <summary>Runs the program with MPICH's MPI-IO into <paramref name="outputDirectory"/>.</summary>
    public MpiRunResult RunMpich(int ranks, string outputDirectory) =>
        MpiRun.Run("mpiexec", ["-n", ranks.ToString(), Executable, outputDirectory], Timeout);

    /// <summary>
    /// Runs the program with <paramref name="library"/> preloaded into every rank (not into <c>mpiexec</c>
    /// itself, hence <c>-genv</c>); <paramref name="environment"/> is passed on to the ranks.
    /// </summary>
    public MpiRunResult RunPreloaded(int ranks, string outputDirectory, string library, IReadOnlyDictionary<string, string>? environment = null) =>
        MpiRun.Run("mpiexec", ["-genv", "LD_PRELOAD", library, "-n", ranks.ToString(), Executable, outputDirectory], Timeout, environment);

    /// <summary>Asserts a run passed its self-checks and that <paramref name="expectedProvider"/> answered its MPI-IO calls.</summary>
    /// <param name="run">The run.</param>
    /// <param name="side">"MPICH" or "preloaded", for messages.</param>
    /// <param name="providerCheck">True when the library named in the run's "from LIB" line is the expected one.</param>
    public void AssertPassed(MpiRunResult run, string side, Func<string, bool> providerCheck)
    {
        Assert.That(run.TimedOut, Is.False, $"{Name} ({side}) hung and was killed after {Timeout.TotalSeconds:0} s\n{run.Transcript}");
        Assert.That(run.ExitCode, Is.EqualTo(0), $"{Name} ({side}) failed its self-checks\n{run.Transcript}");
        Assert.That(run.Output, Does.Contain($"{Name}: OK"), $"{Name} ({side}) exited without its OK line\n{run.Transcript}");
        var provider = Provider(run.Output);
        Assert.That(provider, Is.Not.Null, $"{Name} ({side}) did not say which library answered MPI_File_open\n{run.Transcript}");
        Assert.That(providerCheck(provider!), Is.True, $"{Name} ({side}): MPI-IO came from {provider}\n{run.Transcript}");
    }

    /// <summary>The library a run reported in its "NAME: ... from LIB" line, or null.</summary>
    public string? Provider(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            var l = line.TrimEnd('\r');
            int at = l.IndexOf(" from ", StringComparison.Ordinal);
            if (l.StartsWith(Name + ": ", StringComparison.Ordinal) && at > 0) return l[(at + 6)..];
        }
        return null;
    }
}
