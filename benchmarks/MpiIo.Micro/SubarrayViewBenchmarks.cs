using BenchmarkDotNet.Attributes;
using MpiIo.Datatypes;
using MpiIo.Storage;
using MpiIo.Views;

namespace MpiIo.Micro;

/// <summary>
/// The filetype of NAS BTIO class C: a 162³ grid of 5-double cells (Fortran order), of which one rank
/// sees an 81³ subarray at the origin. Measures building and committing it, and walking its
/// 81 × 81 = 6561 blocks of 81 cells (3240 bytes) with <see cref="TypeCursor"/> and through a
/// <see cref="FileView"/>'s <see cref="ViewBlockSource"/>. The walks must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class SubarrayViewBenchmarks
{
    private const int Grid = 162, Sub = 81;
    private const int Blocks = Sub * Sub;

    private Datatype _filetype = null!;
    private FileView _view = null!;
    private readonly TypeCursor _cursor = new();
    private readonly ViewBlockSource _source = new();
    private readonly FileBlock[] _batch = new FileBlock[256];

    [GlobalSetup]
    public void Setup()
    {
        _filetype = Build();
        if (_filetype.BlockCount != Blocks)
            throw new InvalidOperationException($"the BTIO subarray has {_filetype.BlockCount} blocks, expected {Blocks}");
        _view = FileView.Create(0, Datatype.Double, _filetype, FileView.Native, readOnlyFile: false);
        // Both walks must see every block once, at the right total; checked once here rather than per op.
        if (WalkCursor() != Blocks || WalkViewBlocks() != Blocks)
            throw new InvalidOperationException("a walk of the BTIO subarray did not produce its 6561 blocks");
    }

    private static Datatype Cell() => Datatype.Contiguous(5, Datatype.Double).Commit();

    private static Datatype Build() =>
        Datatype.Subarray([Grid, Grid, Grid], [Sub, Sub, Sub], [0, 0, 0], Order.Fortran, Cell()).Commit();

    /// <summary>Creating the subarray type and committing it (flattening into its block tree), then making the view.</summary>
    [Benchmark]
    public long CommitSubarrayView()
    {
        var type = Build();
        return FileView.Create(0, Datatype.Double, type, FileView.Native, readOnlyFile: false).Filetype.BlockCount;
    }

    /// <summary>All blocks of one copy of the subarray through a reused <see cref="TypeCursor"/>.</summary>
    [Benchmark]
    [Throughput("blocks/s", Blocks)]
    public long WalkCursor()
    {
        _cursor.Reset(_filetype, 1);
        long blocks = 0;
        while (_cursor.Next(long.MaxValue, out _, out _))
            blocks++;
        return blocks;
    }

    /// <summary>All blocks of the view's first filetype copy through a reused <see cref="ViewBlockSource"/>, 256 at a time.</summary>
    [Benchmark]
    [Throughput("blocks/s", Blocks)]
    public long WalkViewBlocks()
    {
        _source.Reset(_view, 0, _filetype.Size);
        long blocks = 0;
        int n;
        while ((n = _source.Fill(_batch)) > 0)
            blocks += n;
        return blocks;
    }
}
