using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.MultiRank;

/// <summary>
/// Collective MPI-IO through MpiIo against MPICH's ROMIO (and, for random views, against MPICH's datatype
/// engine): byte-identical files after collective writes, identical memory images after collective reads, at
/// 1, 2, 4 and 9 ranks (9 oversubscribes the two cores, so its accesses are small).
/// </summary>
[TestFixture]
public class DifferentialCollectiveTests
{
    private TestDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TestDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private void WriteAndRead(int ranks, string[] spec, int seed = 1, int fileBytes = Differential.Prefill, bool oracle = false)
    {
        var w = Differential.Run(_dir, ranks, "write_all", spec, Differential.Fill(fileBytes), withOracle: oracle);
        if (oracle) Differential.AssertSameAsOracle(w, ranks, "write_all");
        else Differential.AssertSame(w, ranks, "write_all");
        var r = Differential.Run(_dir, ranks, "read_all", spec, Differential.RandomContent(seed, fileBytes), withOracle: oracle);
        if (oracle) Differential.AssertSameAsOracle(r, ranks, "read_all");
        else Differential.AssertSame(r, ranks, "read_all");
    }

    private static IEnumerable<TestCaseData> RandomCases()
    {
        foreach (var (ranks, seeds) in new[] { (1, 2), (2, 3), (4, 2), (9, 1) })
            for (int seed = 1; seed <= seeds; seed++)
                foreach (var cb in ranks == 9 ? new[] { "enable" } : new[] { "enable", "automatic" })
                    yield return new TestCaseData(ranks, seed * 104729 + ranks, cb).SetName($"RandomView_Seed{seed}_{ranks}Ranks_Cb{cb}_MatchesMpich");
    }

    // Each rank's random view lies in a region of its own; with collective buffering on, small
    // buffers make many cycles and several aggregators.
    [TestCaseSource(nameof(RandomCases))]
    public void RandomView_CollectiveBuffering_MatchesMpich(int ranks, int seed, string cb)
    {
        var hints = $"romio_cb_write={cb},romio_cb_read={cb},cb_buffer_size=4096,cb_config_list=*:*";
        WriteAndRead(ranks, RandomViews.Access(seed, ranks, hints), seed, oracle: true);
    }

    private static string Grid(int ranks) => ranks switch { 1 => "[1,1,1]", 2 => "[2,1,1]", 4 => "[2,2,1]", 9 => "[3,3,1]", _ => throw new ArgumentOutOfRangeException(nameof(ranks)) };

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    [TestCase(9)]
    public void Darray32Cubed_WriteAll_MatchesMpich(int ranks)
    {
        // The 32³ int array distributed block-block-block; each rank writes its part collectively.
        string darray = $"darray(P,R,[32,32,32],[b,b,b],[-1,-1,-1],{Grid(ranks)},C,int)";
        int local = 32 * 32 * 32 / ranks;
        WriteAndRead(ranks, ["0", "int", darray, "int", local.ToString(), "--hints", "cb_buffer_size=16384"]);
    }

    [TestCase(2)]
    [TestCase(4)]
    public void InterleavedMegabyteObjects_OneAggregatorFourMegabyteBuffer_MatchesMpich(int ranks)
    {
        // Objects of 1 MiB less 1000 bytes in 1 MiB slots, interleaved by rank: every chunk of the single
        // aggregator has holes at its edges, so it is read before it is written.
        const int obj = (1 << 20) - 1000;
        var spec = new[] { "R*1048576", "byte", $"resized(0,P*1048576,contig({obj},byte))", "byte", (3 * obj).ToString(),
                           "--hints", "cb_nodes=1,cb_buffer_size=4194304,romio_cb_write=enable,romio_cb_read=enable" };
        WriteAndRead(ranks, spec, fileBytes: 3 * ranks * (1 << 20) + 4096);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void Subarray4D_WriteAll_MatchesMpich(int ranks)
    {
        // An 8x6x4x4 array of doubles in Fortran order, split over the ranks along its first dimension.
        string sub = "subarray([8,6,4,4],[8/P,6,4,4],[R*(8/P),0,0,0],F,double)";
        WriteAndRead(ranks, ["0", "double", sub, "double", (8 * 6 * 4 * 4 / ranks).ToString(), "--hints", "cb_buffer_size=2048,romio_cb_write=enable,romio_cb_read=enable"]);
    }

    [TestCase(2)]
    [TestCase(4)]
    public void ZeroLengthContributions_SomeRanksWriteNothing_MatchesMpich(int ranks) =>
        WriteAndRead(ranks, ["R*8", "int", "resized(0,8*P,contig(2,int))", "int", "(R%2)*400", "--hints", "romio_cb_write=enable,romio_cb_read=enable,cb_buffer_size=1024"]);

    [TestCase("*:1")]
    [TestCase("*:*")]
    [TestCase("*:2")]
    [TestCase("*:1,*:1")]
    public void ConfigList_Permutations_MatchesMpich(string configList) =>
        WriteAndRead(4, ["R*16", "int", "resized(0,16*P,contig(4,int))", "vector(50,2,3,int)", "4",
                         "--hints", $"cb_config_list={configList.Replace(",", ";")},romio_cb_write=enable,romio_cb_read=enable,cb_buffer_size=512"]);

    [Test]
    public void ConfigList_HostName_MatchesMpich() =>
        WriteAndRead(4, ["R*16", "int", "resized(0,16*P,contig(4,int))", "int", "400",
                         "--hints", $"cb_config_list={Environment.MachineName}:2,romio_cb_write=enable,romio_cb_read=enable,cb_buffer_size=512"]);

    private static IEnumerable<TestCaseData> CbSettings() =>
        from w in new[] { "enable", "disable", "automatic" }
        from r in new[] { "enable", "disable", "automatic" }
        select new TestCaseData(w, r).SetName($"CbSetting_Write{w}_Read{r}_MatchesMpich");

    [TestCaseSource(nameof(CbSettings))]
    public void CbSetting_EverySetting_MatchesMpich(string write, string read) =>
        WriteAndRead(2, ["R*64", "int", "resized(0,64*P,contig(16,int))", "int", "3000", "--hints", $"romio_cb_write={write},romio_cb_read={read},cb_buffer_size=8192"]);

    [Test]
    public void ExplicitOffsetsAndRounds_WriteAtAll_MatchesMpich()
    {
        var spec = new[] { "R*12", "int", "resized(0,12*P,contig(3,int))", "int", "33", "--offset", "5", "--rounds", "3", "--hints", "romio_cb_write=enable,romio_cb_read=enable,cb_buffer_size=700" };
        Differential.AssertSame(Differential.Run(_dir, 4, "write_at_all", spec), 4, "write_at_all");
        Differential.AssertSame(Differential.Run(_dir, 4, "read_at_all", spec, Differential.RandomContent(9)), 4, "read_at_all");
    }
}
