using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace MpiIo.Paper.Stats;

/// <summary>
/// A bandwidth curve summarised as the paper does in prose: it rises by <see cref="Slope"/> MB/s per added compute
/// process up to <see cref="Knee"/> processes (where the line meets the plateau), then stays near <see cref="Plateau"/> MB/s. Intervals are 95%
/// Student-t intervals over the repetitions (every kept repetition is one observation).
/// </summary>
internal sealed record CurveFit(double Slope, double SlopeLow, double SlopeHigh, double Intercept, double Knee,
    double Plateau, double PlateauLow, double PlateauHigh, bool HasPlateau, int Observations);

/// <summary>Fits "a line, then a plateau" to (processes, bandwidth) observations.</summary>
internal static class CurveFitter
{
    /// <summary>
    /// Tries every split of the distinct x values into a rising part (x ≤ knee, a least-squares line, at least two
    /// distinct x) and a plateau (x &gt; knee, a constant), and the plain line; keeps the model with the lowest
    /// BIC (n·ln(SSE/n) + k·ln n, k = 2 for the line, 3 with a plateau), so a plateau must earn its parameter.
    /// </summary>
    /// <returns>Null with fewer than two distinct x values.</returns>
    public static CurveFit? Fit(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double[] xs = Distinct(points);
        if (xs.Length < 2)
            return null;
        CurveFit? best = null;
        double bestBic = double.PositiveInfinity;
        for (int k = 1; k < xs.Length; k++)
        {
            double knee = xs[k];
            var rise = new List<(double X, double Y)>();
            var flat = new List<double>();
            foreach (var p in points)
            {
                if (p.X <= knee)
                    rise.Add(p);
                else
                    flat.Add(p.Y);
            }
            (double a, double b, double sseLine, double slopeHalf) = Line(rise);
            double sse = sseLine;
            double plateau, plateauHalf;
            bool hasPlateau = flat.Count > 0;
            if (hasPlateau)
            {
                (plateau, double sseFlat, plateauHalf) = MeanInterval(flat);
                sse += sseFlat;
            }
            else
            {
                // No plateau seen: report the last risen point's fitted value, with no interval.
                plateau = a + b * knee;
                plateauHalf = double.NaN;
            }
            int n = points.Count;
            int parameters = hasPlateau ? 3 : 2;
            double bic = n * Math.Log(Math.Max(sse, 1e-12) / n) + parameters * Math.Log(n);
            // The knee is where the line meets the plateau, kept between the last rising and the first flat x; a
            // point lying on both (ties between splits) then gives the same knee either way.
            double meet = knee;
            if (hasPlateau && b > 0)
                meet = Math.Clamp((plateau - a) / b, knee, xs[k + 1]);
            if (bic < bestBic)
            {
                bestBic = bic;
                best = new CurveFit(b, b - slopeHalf, b + slopeHalf, a, meet, plateau, plateau - plateauHalf, plateau + plateauHalf, hasPlateau, n);
            }
        }
        return best;
    }

    private static double[] Distinct(IReadOnlyList<(double X, double Y)> points)
    {
        var set = new SortedSet<double>();
        foreach (var p in points)
            set.Add(p.X);
        return [.. set];
    }

    // Least-squares line with the half-width of the slope's 95% interval (NaN with too few points for one).
    private static (double A, double B, double Sse, double SlopeHalf) Line(List<(double X, double Y)> points)
    {
        double[] x = new double[points.Count], y = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
            (x[i], y[i]) = points[i];
        (double a, double b) = MathNet.Numerics.Fit.Line(x, y);
        double sse = 0, mx = 0;
        foreach (double v in x)
            mx += v;
        mx /= x.Length;
        double sxx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = y[i] - (a + b * x[i]);
            sse += r * r;
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        int dof = x.Length - 2;
        double half = dof > 0 && sxx > 0 ? StudentT.InvCDF(0, 1, dof, 0.975) * Math.Sqrt(sse / dof / sxx) : double.NaN;
        return (a, b, sse, half);
    }

    private static (double Mean, double Sse, double Half) MeanInterval(List<double> values)
    {
        double mean = 0;
        foreach (double v in values)
            mean += v;
        mean /= values.Count;
        double sse = 0;
        foreach (double v in values)
            sse += (v - mean) * (v - mean);
        int dof = values.Count - 1;
        double half = dof > 0 ? StudentT.InvCDF(0, 1, dof, 0.975) * Math.Sqrt(sse / dof / values.Count) : double.NaN;
        return (mean, sse, half);
    }
}
