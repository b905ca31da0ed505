using MpiIo.Windows;

namespace MpiIo.Tests.Windows;

[TestFixture]
public class PageDiffTests
{
    private static List<(int Start, int Length)> Runs(byte[] current, byte[] twin)
    {
        var runs = new List<(int, int)>();
        int position = 0;
        while (PageDiff.NextRun(current, twin, ref position, out int start, out int length)) runs.Add((start, length));
        return runs;
    }

    // The reference: byte by byte.
    private static List<(int Start, int Length)> NaiveRuns(byte[] current, byte[] twin)
    {
        var runs = new List<(int, int)>();
        for (int i = 0; i < current.Length;)
        {
            if (current[i] == twin[i]) { i++; continue; }
            int s = i;
            while (i < current.Length && current[i] != twin[i]) i++;
            runs.Add((s, i - s));
        }
        return runs;
    }

    [Test]
    public void NextRun_IdenticalPages_FindsNothing()
    {
        var a = new byte[4096];
        Assert.That(Runs(a, (byte[])a.Clone()), Is.Empty);
    }

    [Test]
    public void NextRun_RunsAcrossVectorBoundaries_MatchByteByByte()
    {
        var twin = new byte[4096];
        var current = (byte[])twin.Clone();
        foreach (var (s, n) in new[] { (0, 1), (31, 2), (63, 70), (200, 1), (202, 1), (4000, 96) })
            for (int i = s; i < s + n; i++) current[i] = 0xFF;
        Assert.That(Runs(current, twin), Is.EqualTo(new[] { (0, 1), (31, 2), (63, 70), (200, 1), (202, 1), (4000, 96) }));
    }

    [Test]
    public void NextRun_RandomPages_MatchesNaiveDiff([Values(1, 2, 3, 4, 5)] int seed)
    {
        var rng = new Random(seed);
        int size = rng.Next(1, 9000);
        var twin = new byte[size];
        rng.NextBytes(twin);
        var current = (byte[])twin.Clone();
        double density = rng.NextDouble() * 0.5;
        for (int i = 0; i < size; i++) if (rng.NextDouble() < density) current[i] ^= (byte)rng.Next(1, 256);
        Assert.That(Runs(current, twin), Is.EqualTo(NaiveRuns(current, twin)));
        Assert.That(PageDiff.CountChanged(current, twin), Is.EqualTo(NaiveRuns(current, twin).Sum(r => (long)r.Length)));
    }

    [Test]
    public void DifferingPrefixLength_AllDifferent_IsWholeLength()
    {
        var a = new byte[100];
        var b = Enumerable.Repeat((byte)1, 100).ToArray();
        Assert.That(PageDiff.DifferingPrefixLength(a, b), Is.EqualTo(100));
    }

    [Test]
    public void Rebase_ChangedBytesKept_OthersFromFreshCopy()
    {
        var twin = new byte[64];
        var current = (byte[])twin.Clone();
        current[3] = 30;
        current[40] = 40;
        var fresh = Enumerable.Range(0, 64).Select(i => (byte)(100 + i)).ToArray();
        PageDiff.Rebase(current, twin, fresh);
        var expected = (byte[])fresh.Clone();
        expected[3] = 30;
        expected[40] = 40;
        Assert.That(current, Is.EqualTo(expected));
        Assert.That(twin, Is.EqualTo(fresh), "the twin becomes the fresh copy");
        Assert.That(Runs(current, twin), Is.EqualTo(new[] { (3, 1), (40, 1) }), "the next diff holds only the node's own changes");
    }
}
