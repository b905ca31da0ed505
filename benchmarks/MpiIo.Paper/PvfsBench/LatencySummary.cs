using System.Globalization;

namespace MpiIo.Paper.PvfsBench;

/// <summary>One small-request latency point: per-request times reduced to mean, median, 99th percentile and rate.</summary>
/// <param name="Operation">"read" or "write".</param>
/// <param name="QueueDepth">Requests in flight at once.</param>
/// <param name="MeanMicros">Mean time from issue to completion, µs.</param>
/// <param name="P50Micros">Median, µs.</param>
/// <param name="P99Micros">99th percentile (nearest rank), µs.</param>
/// <param name="Iops">Requests completed per second of the whole point.</param>
internal sealed record LatencySummary(string Operation, int QueueDepth, double MeanMicros, double P50Micros, double P99Micros, double Iops)
{
    /// <summary>Reduces per-request times (µs) measured over <paramref name="elapsedSeconds"/> of wall time.</summary>
    /// <exception cref="ArgumentException">No times, or a non-positive elapsed time.</exception>
    public static LatencySummary From(string operation, int queueDepth, double[] micros, double elapsedSeconds)
    {
        ArgumentNullException.ThrowIfNull(micros);
        if (micros.Length == 0)
            throw new ArgumentException("no request times", nameof(micros));
        if (!(elapsedSeconds > 0))
            throw new ArgumentException($"elapsed time must be positive, got {elapsedSeconds}", nameof(elapsedSeconds));
        double[] sorted = [.. micros];
        Array.Sort(sorted);
        double sum = 0;
        foreach (double m in sorted)
            sum += m;
        return new LatencySummary(operation, queueDepth, sum / sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.99), sorted.Length / elapsedSeconds);
    }

    // Nearest-rank percentile: the smallest value with at least p of the values at or below it.
    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The line the latency client prints: <c>latency OP QD MEAN P50 P99 IOPS</c>.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"latency {Operation} {QueueDepth} {MeanMicros:F2} {P50Micros:F2} {P99Micros:F2} {Iops:F0}");

    /// <summary>Parses a <see cref="ToLine"/> line; null for any other line.</summary>
    public static LatencySummary? Parse(string line)
    {
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 7 || f[0] != "latency" || f[1] is not ("read" or "write")
            || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out int qd))
            return null;
        var v = new double[4];
        for (int i = 0; i < 4; i++)
            if (!double.TryParse(f[3 + i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]))
                return null;
        return new LatencySummary(f[1], qd, v[0], v[1], v[2], v[3]);
    }
}
