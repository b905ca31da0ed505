namespace MpiIo.Algorithms.Collective;

/// <summary>
/// Which aggregator owns which bytes of a collective access, and the file ranges of each of its cycles of
/// at most <c>cb_buffer_size</c> bytes. Two layouts:
/// <list type="bullet">
/// <item>contiguous (ROMIO's even split): [start, end) cut into one domain per aggregator, boundaries rounded
/// up to <c>striping_unit</c> when set, no domain smaller than <c>romio_min_fdomain_size</c>;</item>
/// <item>group-cyclic (ROMIO's Lustre driver), for striped files: stripe <c>i</c> goes to aggregator
/// <c>(i mod servers) mod aggregators</c>, so an aggregator always talks to the same servers.</item>
/// </list>
/// Pure arithmetic: every rank computes the same answer from the same inputs.
/// </summary>
internal sealed class FileDomains
{
    private readonly long _start, _end, _cycleBytes, _unit;
    private readonly long[] _bounds; // contiguous: domain a is [_bounds[a], _bounds[a+1])
    private readonly int _servers;   // cyclic: the file's server count; 0 for contiguous

    private FileDomains(long start, long end, long cycleBytes, long unit, long[] bounds, int servers, int aggregators)
    {
        _start = start;
        _end = end;
        _cycleBytes = cycleBytes;
        _unit = unit;
        _bounds = bounds;
        _servers = servers;
        Aggregators = aggregators;
    }

    /// <summary>The most bytes one cycle of one aggregator spans (its collective buffer's size).</summary>
    public long CycleBytes => _cycleBytes;

    /// <summary>The number of aggregators.</summary>
    public int Aggregators { get; }

    /// <summary>Whether domains are stripe-cyclic.</summary>
    public bool IsCyclic => _servers > 0;

    /// <summary>Even, contiguous domains over [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static FileDomains Contiguous(long start, long end, int aggregators, long cycleBytes, long alignUnit, long minDomain)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(aggregators, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cycleBytes, 1);
        long len = Math.Max(0, end - start);
        long size = Math.Max((len + aggregators - 1) / aggregators, Math.Max(1, minDomain));
        var bounds = new long[aggregators + 1];
        bounds[0] = start;
        for (int a = 1; a < aggregators; a++)
        {
            long b = start + a * size;
            if (alignUnit > 0) b = (b + alignUnit - 1) / alignUnit * alignUnit;
            bounds[a] = Math.Clamp(b, bounds[a - 1], end);
        }
        bounds[aggregators] = Math.Max(end, start);
        return new FileDomains(start, end, cycleBytes, 0, bounds, 0, aggregators);
    }

    /// <summary>Stripe-cyclic domains for a file striped in <paramref name="stripe"/>-byte units over <paramref name="servers"/> servers.</summary>
    public static FileDomains Cyclic(long start, long end, int aggregators, long cycleBytes, long stripe, int servers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(aggregators, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stripe, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        // A cycle holds whole stripes; at least one.
        long cycle = Math.Max(stripe, cycleBytes / stripe * stripe);
        return new FileDomains(start, end, cycle, stripe, [], servers, aggregators);
    }

    /// <summary>The aggregator owning stripe <paramref name="stripeIndex"/> (cyclic layout).</summary>
    public int OwnerOfStripe(long stripeIndex) => (int)(stripeIndex % _servers % Aggregators);

    /// <summary>How many cycles aggregator <paramref name="a"/> needs.</summary>
    public int CycleCount(int a)
    {
        if (!IsCyclic)
        {
            long len = _bounds[a + 1] - _bounds[a];
            return (int)((len + _cycleBytes - 1) / _cycleBytes);
        }
        long owned = OwnedStripes(a);
        long perCycle = _cycleBytes / _unit;
        return (int)((owned + perCycle - 1) / perCycle);
    }

    /// <summary>The most cycles any aggregator needs.</summary>
    public int MaxCycles()
    {
        int m = 0;
        for (int a = 0; a < Aggregators; a++) m = Math.Max(m, CycleCount(a));
        return m;
    }

    /// <summary>Writes the file ranges of cycle <paramref name="cycle"/> of aggregator <paramref name="a"/> into <paramref name="ranges"/>.</summary>
    /// <returns>How many ranges (0 when the aggregator has no such cycle).</returns>
    public int Ranges(int a, int cycle, List<(long Start, long End)> ranges)
    {
        ranges.Clear();
        if (!IsCyclic)
        {
            long x = _bounds[a] + cycle * _cycleBytes;
            long y = Math.Min(_bounds[a + 1], x + _cycleBytes);
            if (x < y) ranges.Add((x, y));
            return ranges.Count;
        }
        if (_end <= _start) return 0;
        long perCycle = _cycleBytes / _unit;
        long first = _start / _unit, last = (_end - 1) / _unit;
        long perPeriod = OwnedPerPeriod(a);
        if (perPeriod == 0) return 0;
        // Owned stripes repeat with period `servers`: whole periods are skipped arithmetically, counting
        // from the start of the period that holds the first stripe.
        long periodStart = first - first % _servers;
        long ownedBeforeFirst = 0;
        for (long t = periodStart; t < first; t++) if (OwnerOfStripe(t) == a) ownedBeforeFirst++;
        long target = cycle * perCycle + ownedBeforeFirst;
        long s = periodStart + target / perPeriod * _servers;
        long within = target % perPeriod;
        while (true)
        {
            if (s > last) return 0;
            if (OwnerOfStripe(s) == a)
            {
                if (within == 0) break;
                within--;
            }
            s++;
        }
        for (long taken = 0; s <= last && taken < perCycle; s++)
        {
            if (OwnerOfStripe(s) != a) continue;
            taken++;
            long x = Math.Max(_start, s * _unit), y = Math.Min(_end, (s + 1) * _unit);
            if (ranges.Count > 0 && ranges[^1].End == x) ranges[^1] = (ranges[^1].Start, y);
            else ranges.Add((x, y));
        }
        return ranges.Count;
    }

    private long OwnedPerPeriod(int a)
    {
        long n = 0;
        for (int s = 0; s < _servers; s++) if (OwnerOfStripe(s) == a) n++;
        return n;
    }

    private long OwnedStripes(int a)
    {
        if (_end <= _start) return 0;
        long first = _start / _unit, last = (_end - 1) / _unit;
        long n = 0;
        long perPeriod = OwnedPerPeriod(a);
        long s = first;
        for (; s <= last && s % _servers != 0; s++) if (OwnerOfStripe(s) == a) n++;
        long whole = (last - s + 1) / _servers;
        n += whole * perPeriod;
        for (s += whole * _servers; s <= last; s++) if (OwnerOfStripe(s) == a) n++;
        return n;
    }
}
