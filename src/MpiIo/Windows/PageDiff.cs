using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MpiIo.Windows;

/// <summary>
/// Byte-granular comparison of a page with its twin, as in TreadMarks' diffs: a run is a maximal stretch
/// of bytes that differ. Runs never include an unchanged byte, because an unchanged byte written back
/// would undo another node's change to it (that is what lets several writers share a page).
/// </summary>
internal static class PageDiff
{
    /// <summary>
    /// Finds the next run of differing bytes at or after <paramref name="position"/> and moves
    /// <paramref name="position"/> past it.
    /// </summary>
    /// <returns>Whether a run was found.</returns>
    public static bool NextRun(ReadOnlySpan<byte> current, ReadOnlySpan<byte> twin, ref int position, out int start, out int length)
    {
        int p = position;
        // CommonPrefixLength is vectorised: the long unchanged stretches cost little.
        p += current[p..].CommonPrefixLength(twin[p..]);
        if (p >= current.Length)
        {
            position = current.Length;
            start = length = 0;
            return false;
        }
        start = p;
        p += DifferingPrefixLength(current[p..], twin[p..]);
        length = p - start;
        position = p;
        return true;
    }

    /// <summary>How many leading bytes of <paramref name="a"/> and <paramref name="b"/> differ pairwise.</summary>
    public static int DifferingPrefixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = Math.Min(a.Length, b.Length);
        int i = 0;
        ref byte ra = ref MemoryMarshal.GetReference(a);
        ref byte rb = ref MemoryMarshal.GetReference(b);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= n; i += Vector256<byte>.Count)
            {
                uint equal = Vector256.Equals(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i)).ExtractMostSignificantBits();
                if (equal != 0) return i + BitOperations.TrailingZeroCount(equal);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                uint equal = Vector128.Equals(Vector128.LoadUnsafe(ref ra, (nuint)i), Vector128.LoadUnsafe(ref rb, (nuint)i)).ExtractMostSignificantBits();
                if (equal != 0) return i + BitOperations.TrailingZeroCount(equal);
            }
        }
        for (; i < n; i++)
            if (a[i] == b[i]) return i;
        return n;
    }

    /// <summary>Counts the bytes that differ (for statistics and tests).</summary>
    public static long CountChanged(ReadOnlySpan<byte> current, ReadOnlySpan<byte> twin)
    {
        long changed = 0;
        int position = 0;
        while (NextRun(current, twin, ref position, out _, out int length)) changed += length;
        return changed;
    }

    /// <summary>
    /// Moves a page this node changed onto a fresher copy of the file: bytes the node changed (where
    /// <paramref name="current"/> differs from <paramref name="twin"/>) stay, all others come from
    /// <paramref name="fresh"/>, and the twin becomes <paramref name="fresh"/> so the next diff holds only
    /// this node's changes.
    /// </summary>
    public static void Rebase(Span<byte> current, Span<byte> twin, ReadOnlySpan<byte> fresh)
    {
        int position = 0, copied = 0;
        while (NextRun(current, twin, ref position, out int start, out int length))
        {
            fresh[copied..start].CopyTo(current[copied..start]);
            copied = start + length;
        }
        fresh[copied..].CopyTo(current[copied..]);
        fresh.CopyTo(twin);
    }
}
