namespace MpiIo.Tests.Infrastructure;

/// <summary>
/// Runs one MPI-IO access described on a command line through MPICH's ROMIO (<c>tests/c/mpiio_peer.c</c>) and
/// through MpiIo (the rank program's <c>peer</c> mode), each on its own copy of the same starting file, and
/// compares the files and the memory images read back byte for byte.
/// </summary>
public static class Differential
{
    /// <summary>Bytes each starting file is filled with, so ROMIO's sieving never writes its buffer's garbage into holes.</summary>
    public const int Prefill = 256 << 10;

    /// <summary>The timeout of one side's run.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Both sides' outcome.</summary>
    public sealed record Outcome(MpiRunResult Mpich, MpiRunResult MpiIo, string MpichFile, string MpiIoFile, string Command)
    {
        /// <summary>The oracle's run and file (MPICH's datatype engine instead of ROMIO), when asked for.</summary>
        public MpiRunResult? Oracle { get; init; }

        /// <summary>The oracle's file.</summary>
        public string? OracleFile { get; init; }
    }

    /// <summary>Runs <paramref name="args"/> (MODE FILE-placeholder DISP ETYPE FILETYPE MEMTYPE COUNT [options]) on both sides.</summary>
    /// <param name="dir">The test's directory.</param>
    /// <param name="ranks">Ranks per side.</param>
    /// <param name="mode">write, write_at, read, read_at (and the _all forms).</param>
    /// <param name="spec">DISP ETYPE FILETYPE MEMTYPE COUNT and options, as mpiio_peer takes them.</param>
    /// <param name="startContent">The starting content of the file (null: <see cref="Prefill"/> bytes of 0x5A).</param>
    public static Outcome Run(TestDirectory dir, int ranks, string mode, IReadOnlyList<string> spec, byte[]? startContent = null, bool withOracle = false)
    {
        var content = startContent ?? Enumerable.Repeat((byte)0x5A, Prefill).ToArray();
        var c = dir.File("mpich.bin");
        var cs = dir.File("mpiio.bin");
        File.WriteAllBytes(c, content);
        File.WriteAllBytes(cs, content);
        var cArgs = new List<string> { mode, c };
        cArgs.AddRange(spec);
        var csArgs = new List<string> { "peer", mode, cs };
        csArgs.AddRange(spec);
        var mpich = MpiRun.Run("mpiexec", new[] { "-n", ranks.ToString(), CPrograms.Path("mpiio_peer") }.Concat(cArgs), Timeout);
        var mine = MpiRun.Dotnet(ranks, RepoPaths.Program("MpiIo.RankTests"), csArgs, Timeout);
        var command = $"mpiexec -n {ranks} mpiio_peer {mode} FILE {string.Join(' ', spec.Select(a => $"'{a}'"))}";
        if (!withOracle) return new Outcome(mpich, mine, c, cs, command);
        var o = dir.File("oracle.bin");
        File.WriteAllBytes(o, content);
        var oArgs = new List<string> { mode, o };
        oArgs.AddRange(spec);
        oArgs.Add("--oracle");
        var oracle = MpiRun.Run("mpiexec", new[] { "-n", ranks.ToString(), CPrograms.Path("mpiio_peer") }.Concat(oArgs), Timeout);
        return new Outcome(mpich, mine, c, cs, command) { Oracle = oracle, OracleFile = o };
    }

    /// <summary>
    /// Asserts MpiIo matches the oracle (MPICH's datatype engine applying the view), and matches ROMIO too
    /// unless ROMIO itself disagrees with the oracle — ROMIO's flattening misplaces some nested resized and
    /// subarray filetypes; such cases are reported, not failed.
    /// </summary>
    public static void AssertSameAsOracle(Outcome o, int ranks, string mode)
    {
        Assert.That(o.Oracle, Is.Not.Null, "run with withOracle: true");
        Assert.That(o.Oracle!.ExitCode, Is.EqualTo(0), "oracle failed\n" + o.Oracle.Transcript);
        Assert.That(o.MpiIo.ExitCode, Is.EqualTo(0), $"MpiIo side failed on {o.Command}\n" + o.MpiIo.Transcript);
        AssertFilesEqual(o.OracleFile!, o.MpiIoFile, "file against the oracle; " + o.Command);
        bool reading = mode.StartsWith("read", StringComparison.Ordinal);
        if (reading)
            for (int r = 0; r < ranks; r++)
                AssertFilesEqual($"{o.OracleFile}.rank{r}.mem", $"{o.MpiIoFile}.rank{r}.mem", $"memory image of rank {r} against the oracle; " + o.Command);
        bool romioAgrees = o.Mpich.ExitCode == 0 && SameBytes(o.MpichFile, o.OracleFile!)
            && (!reading || Enumerable.Range(0, ranks).All(r => SameBytes($"{o.MpichFile}.rank{r}.mem", $"{o.OracleFile}.rank{r}.mem")));
        if (romioAgrees)
            AssertSame(o, ranks, mode);
        else
            TestContext.Out.WriteLine($"ROMIO disagrees with MPICH's datatype engine on: {o.Command}");
    }

    private static bool SameBytes(string a, string b) =>
        File.Exists(a) && File.Exists(b) && File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));

    /// <summary>Asserts both sides succeeded and produced identical files (and, for reads, identical memory images).</summary>
    public static void AssertSame(Outcome o, int ranks, string mode)
    {
        Assert.That(o.Mpich.ExitCode, Is.EqualTo(0), "MPICH side failed\n" + o.Mpich.Transcript);
        Assert.That(o.MpiIo.ExitCode, Is.EqualTo(0), "MpiIo side failed\n" + o.MpiIo.Transcript);
        AssertFilesEqual(o.MpichFile, o.MpiIoFile, "file; " + o.Command);
        if (mode.StartsWith("read", StringComparison.Ordinal))
            for (int r = 0; r < ranks; r++)
                AssertFilesEqual($"{o.MpichFile}.rank{r}.mem", $"{o.MpiIoFile}.rank{r}.mem", $"memory image of rank {r}; " + o.Command);
    }

    /// <summary>Asserts both sides failed with the same MPI error class.</summary>
    public static void AssertSameError(Outcome o, int expectedClass)
    {
        Assert.That(o.Mpich.ExitCode, Is.Not.EqualTo(0), "MPICH side succeeded\n" + o.Mpich.Transcript);
        Assert.That(o.MpiIo.ExitCode, Is.EqualTo(3), "MpiIo side did not report an MPI error\n" + o.MpiIo.Transcript);
        Assert.That(o.Mpich.Output + o.Mpich.Error, Does.Contain($"class {expectedClass}"), o.Mpich.Transcript);
        Assert.That(o.MpiIo.Output, Does.Contain($"class {expectedClass}"), o.MpiIo.Transcript);
    }

    private static void AssertFilesEqual(string expected, string actual, string what)
    {
        var a = File.ReadAllBytes(expected);
        var b = File.ReadAllBytes(actual);
        if (a.Length != b.Length) Assert.Fail($"{what}: MPICH has {a.Length} bytes, MpiIo {b.Length}");
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i])
                Assert.Fail($"{what}: first difference at byte {i}: MPICH 0x{a[i]:x2}, MpiIo 0x{b[i]:x2}");
    }
}
