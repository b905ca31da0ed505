namespace MpiIo.Datatypes;

/// <summary>What a <see cref="FlatWalker"/> hands its runs to, in packed-stream order.</summary>
internal interface IRunVisitor
{
    /// <summary>
    /// <paramref name="length"/> bytes at <paramref name="displacement"/>, <paramref name="phase"/> bytes into
    /// a leaf of <paramref name="unit"/>-byte primitives.
    /// </summary>
    void Run(long displacement, long length, long phase, int unit);

    /// <summary><paramref name="count"/> whole leaves of <paramref name="length"/> bytes, <paramref name="stride"/> bytes apart.</summary>
    void Runs(long displacement, long stride, long length, long count, int unit);
}

/// <summary>
/// Visits the runs of a data range of tiled copies of a flattened type by recursive descent: skips to
/// the start by division and binary search, and hands repeated leaves over as one strided batch so the
/// visitor can run a tight loop. No allocation.
/// </summary>
internal static class FlatWalker
{
    /// <summary>Visits data bytes [<paramref name="from"/>, <paramref name="to"/>) of copies of <paramref name="root"/> <paramref name="extent"/> apart.</summary>
    public static void Walk<T>(FlatNode root, long extent, long from, long to, ref T visitor) where T : struct, IRunVisitor
    {
        if (from < to)
            WalkRepeat(root, 0, extent, from, to, ref visitor);
    }

    private static void WalkNode<T>(FlatNode node, long origin, long from, long to, ref T visitor) where T : struct, IRunVisitor
    {
        switch (node.Kind)
        {
            case FlatKind.Leaf:
                visitor.Run(origin + node.Disp + from, to - from, from, node.Unit);
                return;
            case FlatKind.Repeat:
                WalkRepeat(node.Child!, origin + node.Disp, node.Stride, from, to, ref visitor);
                return;
            default:
            {
                FlatNode[] children = node.Children!;
                long[] prefix = node.SizePrefix!;
                origin += node.Disp;
                for (int i = node.ChildAt(from); from < to; i++)
                {
                    long lo = prefix[i], hi = prefix[i + 1];
                    WalkNode(children[i], origin, from - lo, Math.Min(to, hi) - lo, ref visitor);
                    from = hi;
                }
                return;
            }
        }
    }

    /// <summary>Copies of <paramref name="child"/> at <paramref name="origin"/> + k · <paramref name="stride"/>.</summary>
    private static void WalkRepeat<T>(FlatNode child, long origin, long stride, long from, long to, ref T visitor)
        where T : struct, IRunVisitor
    {
        long size = child.Size;
        long k = from / size;
        long r = from - k * size;
        if (r != 0 || to - from < size)
        {
            long end = Math.Min(size, r + (to - from));
            WalkNode(child, origin + k * stride, r, end, ref visitor);
            from += end - r;
            k++;
        }
        long whole = (to - from) / size;
        if (whole > 0)
        {
            if (child.Kind == FlatKind.Leaf)
            {
                visitor.Runs(origin + k * stride + child.Disp, stride, child.Length, whole, child.Unit);
            }
            else
            {
                for (long j = 0; j < whole; j++)
                    WalkNode(child, origin + (k + j) * stride, 0, size, ref visitor);
            }
            k += whole;
            from += whole * size;
        }
        if (from < to)
            WalkNode(child, origin + k * stride, 0, to - from, ref visitor);
    }
}
