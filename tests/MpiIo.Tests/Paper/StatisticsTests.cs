using MpiIo.Paper.Stats;

namespace MpiIo.Tests.Paper;

public class StatisticsTests
{
    [Test]
    public void TrimmedMean_FiveValues_DropsBestAndWorstAveragesThree()
    {
        Assert.That(TrimmedMean.Of([10, 1000, 20, 30, 1], 1), Is.EqualTo(20).Within(1e-12));
        Assert.That(TrimmedMean.Kept([5, 4, 3, 2, 1], 1), Is.EqualTo(new double[] { 2, 3, 4 }));
    }

    [Test]
    public void TrimmedMean_DropZero_AveragesAll()
    {
        Assert.That(TrimmedMean.Of([1, 2, 6], 0), Is.EqualTo(3).Within(1e-12));
    }

    [Test]
    public void TrimmedMean_TooFewValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => TrimmedMean.Of([1, 2], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrimmedMean.Of([1, 2, 3], -1));
    }

    [Test]
    public void CurveFitter_RiseThenPlateau_FindsSlopeKneeAndPlateau()
    {
        // 100 MB/s per process up to 4 processes, then flat at 400, three noisy repetitions per point.
        var points = new List<(double X, double Y)>();
        double[] noise = [-3, 0, 3];
        foreach (int x in new[] { 1, 2, 3, 4, 6, 8 })
            foreach (double n in noise)
                points.Add((x, Math.Min(100.0 * x, 400) + n));
        CurveFit fit = CurveFitter.Fit(points)!;
        Assert.That(fit.HasPlateau, Is.True);
        Assert.That(fit.Knee, Is.EqualTo(4));
        Assert.That(fit.Slope, Is.EqualTo(100).Within(1e-9));
        Assert.That(fit.SlopeLow, Is.LessThan(100));
        Assert.That(fit.SlopeHigh, Is.GreaterThan(100));
        Assert.That(fit.Plateau, Is.EqualTo(400).Within(1e-9));
        Assert.That(fit.PlateauLow, Is.LessThan(400));
        Assert.That(fit.PlateauHigh, Is.GreaterThan(400));
        Assert.That(fit.Observations, Is.EqualTo(18));
    }

    [Test]
    public void CurveFitter_StraightLine_ReportsNoPlateau()
    {
        var points = new List<(double X, double Y)>();
        foreach (int x in new[] { 1, 2, 4, 6, 8 })
            foreach (double n in new[] { -1.0, 1.0 })
                points.Add((x, 50 + 30.0 * x + n));
        CurveFit fit = CurveFitter.Fit(points)!;
        Assert.That(fit.HasPlateau, Is.False);
        Assert.That(fit.Slope, Is.EqualTo(30).Within(0.5));
        Assert.That(fit.Knee, Is.EqualTo(8));
    }

    [Test]
    public void CurveFitter_OneProcessCount_ReturnsNull()
    {
        Assert.That(CurveFitter.Fit([(2, 10), (2, 12)]), Is.Null);
    }
}
