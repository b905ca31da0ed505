using MpiIo.Algorithms.Collective;

namespace MpiIo.Tests.Algorithms;

public sealed class CollectiveDecisionTests
{
    private static AccessRange Range(long first, long end, long bytes, long blocks) =>
        new() { First = first, End = end, Bytes = bytes, Blocks = blocks };

    // Two ranks interleaving 1 KiB pieces over the same 1 MiB: the case two-phase is for.
    private static AccessRange[] Interleaved() => [Range(0, 1 << 20, 1 << 19, 512), Range(1024, (1 << 20) + 1024, 1 << 19, 512)];

    [Test]
    public void UseCollectiveBuffering_InterleavedSmallPieces_True()
    {
        Assert.That(CollectiveDecision.UseCollectiveBuffering(Interleaved(), CollectiveBuffering.Automatic, 4096), Is.True);
    }

    [Test]
    public void UseCollectiveBuffering_DisjointRanges_False()
    {
        AccessRange[] ranges = [Range(0, 100, 100, 1), Range(100, 200, 100, 1)];
        Assert.That(CollectiveDecision.UseCollectiveBuffering(ranges, CollectiveBuffering.Automatic, 4096), Is.False);
    }

    [TestCase(CollectiveBuffering.Automatic)]
    [TestCase(CollectiveBuffering.Enable)]
    public void UseCollectiveBuffering_OneRankUnsplittable_FalseWhateverTheHint(CollectiveBuffering setting)
    {
        var ranges = Interleaved();
        ranges[1].Blocks = AccessRange.Unsplittable;
        Assert.That(CollectiveDecision.UseCollectiveBuffering(ranges, setting, 4096), Is.False);
    }

    [Test]
    public void UseCollectiveBuffering_UnsplittableButEmpty_Ignored()
    {
        AccessRange[] ranges = [.. Interleaved(), new AccessRange { Blocks = AccessRange.Unsplittable }];
        Assert.That(CollectiveDecision.UseCollectiveBuffering(ranges, CollectiveBuffering.Enable, 4096), Is.True);
    }
}
