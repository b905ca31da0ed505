namespace MpiIo.Algorithms.Collective;

/// <summary>
/// Whether collective buffering pays for one call, decided identically on every rank from every rank's
/// access range. ROMIO's <c>automatic</c> only compares rank-adjacent pairs and so misses interleaving between
/// distant ranks; here the ranges of all ranks are sorted and checked. Accesses that do not interleave are
/// done independently (each rank's own contiguous or sieved access is already as good as it gets). Ranges
/// that interleave use two-phase when their pieces are small — below <c>mpiio_cb_piece_threshold</c>, where
/// one large request per aggregator beats many small ones; large interleaved pieces are written and read
/// in place, which costs no exchange and no extra copy. An access through overlapping filetype blocks (a
/// read-only file) has no file order to cut into domains, so any such rank makes the call independent.
/// </summary>
internal static class CollectiveDecision
{
    public static bool UseCollectiveBuffering(ReadOnlySpan<AccessRange> ranges, CollectiveBuffering setting, long pieceThreshold)
    {
        foreach (var r in ranges)
            if (!r.IsEmpty && !r.IsSplittable) return false;
        if (setting == CollectiveBuffering.Enable) return true;
        if (setting == CollectiveBuffering.Disable) return false;
        int active = 0;
        long bytes = 0, blocks = 0;
        foreach (var r in ranges)
        {
            if (r.IsEmpty) continue;
            active++;
            bytes += r.Bytes;
            blocks += r.Blocks;
        }
        if (active < 2) return false;
        if (!Interleaved(ranges)) return false;
        return blocks > 0 && bytes / blocks < pieceThreshold;
    }

    /// <summary>Whether any two non-empty ranges overlap.</summary>
    public static bool Interleaved(ReadOnlySpan<AccessRange> ranges)
    {
        Span<(long First, long End)> sorted = ranges.Length <= 256 ? stackalloc (long, long)[ranges.Length] : new (long, long)[ranges.Length];
        int n = 0;
        foreach (var r in ranges) if (!r.IsEmpty) sorted[n++] = (r.First, r.End);
        sorted = sorted[..n];
        sorted.Sort();
        long maxEnd = long.MinValue;
        foreach (var (first, end) in sorted)
        {
            if (first < maxEnd) return true;
            maxEnd = Math.Max(maxEnd, end);
        }
        return false;
    }
}
