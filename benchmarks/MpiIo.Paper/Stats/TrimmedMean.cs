namespace MpiIo.Paper.Stats;

/// <summary>
/// The paper's averaging: of the repetitions of a point, drop the <c>drop</c> lowest and the <c>drop</c> highest
/// values and average the rest (5 runs, drop 1 and 1, average 3).
/// </summary>
internal static class TrimmedMean
{
    /// <summary>The values that survive the trimming, sorted ascending.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="drop"/> is negative.</exception>
    /// <exception cref="ArgumentException">Nothing would be left: fewer than 2 × <paramref name="drop"/> + 1 values.</exception>
    public static double[] Kept(IReadOnlyList<double> values, int drop)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(drop);
        if (values.Count < 2 * drop + 1)
            throw new ArgumentException($"{values.Count} values cannot lose {drop} best and {drop} worst and keep one", nameof(values));
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted[drop..^drop];
    }

    /// <summary>The mean of <see cref="Kept"/>.</summary>
    public static double Of(IReadOnlyList<double> values, int drop)
    {
        double[] kept = Kept(values, drop);
        double sum = 0;
        foreach (double v in kept)
            sum += v;
        return sum / kept.Length;
    }
}
