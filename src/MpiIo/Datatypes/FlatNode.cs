namespace MpiIo.Datatypes;

/// <summary>The three shapes of a flattened type.</summary>
internal enum FlatKind : byte
{
    /// <summary>One run of <see cref="FlatNode.Length"/> bytes.</summary>
    Leaf,

    /// <summary><see cref="FlatNode.Count"/> copies of a child, <see cref="FlatNode.Stride"/> bytes apart.</summary>
    Repeat,

    /// <summary>Irregular children, in typemap order.</summary>
    List,
}

/// <summary>
/// One node of a flattened datatype: a small tree whose size depends on the irregular parts of the
/// type only, never on repetition counts, so a vector of 10⁹ blocks is three nodes. Every position
/// is relative to the parent's frame and already includes <see cref="Disp"/>; a Repeat's copy
/// <c>k</c> is its child shifted by <c>Disp + k * Stride</c>, a List's children carry their own
/// displacement (they are shifted when the list is built). Nodes are immutable and hold no empty
/// children. Summaries describe merged blocks: two blocks in typemap order whose end and start meet
/// count as one.
/// </summary>
internal sealed class FlatNode
{
    /// <summary>Which shape this is.</summary>
    public readonly FlatKind Kind;

    /// <summary>Offset of this node's frame in its parent's frame.</summary>
    public readonly long Disp;

    /// <summary>Leaf: bytes in the run.</summary>
    public readonly long Length;

    /// <summary>Leaf: width of the primitives in the run (byte-swap unit for external32); 1 for bytes.</summary>
    public readonly int Unit;

    /// <summary>Repeat: number of copies (at least 2 after normalisation).</summary>
    public readonly long Count;

    /// <summary>Repeat: bytes between copies.</summary>
    public readonly long Stride;

    /// <summary>Repeat: the repeated node.</summary>
    public readonly FlatNode? Child;

    /// <summary>Repeat: whether the last block of a copy meets the first block of the next.</summary>
    public readonly bool Joins;

    /// <summary>List: the children.</summary>
    public readonly FlatNode[]? Children;

    /// <summary>List: data bytes before child <c>i</c> (length n + 1).</summary>
    public readonly long[]? SizePrefix;

    /// <summary>List: index of the merged block that holds child <c>i</c>'s first byte.</summary>
    public readonly long[]? BlockPrefix;

    /// <summary>Data bytes.</summary>
    public readonly long Size;

    /// <summary>Merged blocks.</summary>
    public readonly long Blocks;

    /// <summary>Start of the first block, end of the last block, start of the last merged block.</summary>
    public readonly long FirstStart, LastEnd, LastStart;

    /// <summary>Lowest start and highest end over all blocks.</summary>
    public readonly long MinStart, MaxEnd;

    /// <summary>Block starts never decrease in typemap order.</summary>
    public readonly bool Ordered;

    /// <summary>Every block starts at or after the end of every earlier block (implies <see cref="Ordered"/>).</summary>
    public readonly bool Disjoint;

    /// <summary>Nodes on the longest path down to a leaf, this one included.</summary>
    public readonly int Depth;

    private FlatNode(FlatKind kind, long disp, long length, int unit, long count, long stride, FlatNode? child,
        bool joins, FlatNode[]? children, long[]? sizePrefix, long[]? blockPrefix, long size, long blocks,
        long firstStart, long lastEnd, long lastStart, long minStart, long maxEnd, bool ordered, bool disjoint, int depth)
    {
        Kind = kind;
        Disp = disp;
        Length = length;
        Unit = unit;
        Count = count;
        Stride = stride;
        Child = child;
        Joins = joins;
        Children = children;
        SizePrefix = sizePrefix;
        BlockPrefix = blockPrefix;
        Size = size;
        Blocks = blocks;
        FirstStart = firstStart;
        LastEnd = lastEnd;
        LastStart = lastStart;
        MinStart = minStart;
        MaxEnd = maxEnd;
        Ordered = ordered;
        Disjoint = disjoint;
        Depth = depth;
    }

    /// <summary>A run of <paramref name="length"/> bytes (positive) at <paramref name="disp"/>.</summary>
    public static FlatNode Leaf(long disp, long length, int unit)
    {
        long end = checked(disp + length);
        return new FlatNode(FlatKind.Leaf, disp, length, unit, 0, 0, null, false, null, null, null,
            length, 1, disp, end, disp, disp, end, true, true, 1);
    }

    /// <summary>The same node moved by <paramref name="delta"/> bytes.</summary>
    public FlatNode Shift(long delta)
    {
        if (delta == 0)
            return this;
        return new FlatNode(Kind, checked(Disp + delta), Length, Unit, Count, Stride, Child, Joins, Children,
            SizePrefix, BlockPrefix, Size, Blocks, checked(FirstStart + delta), checked(LastEnd + delta),
            checked(LastStart + delta), checked(MinStart + delta), checked(MaxEnd + delta), Ordered, Disjoint, Depth);
    }

    /// <summary>
    /// <paramref name="count"/> copies of <paramref name="child"/> <paramref name="stride"/> bytes apart,
    /// simplified: nothing for no copies, the child for one, a longer leaf when the copies touch, one
    /// Repeat when the child is itself a Repeat that the copies continue.
    /// </summary>
    public static FlatNode? Repeat(long count, long stride, FlatNode? child)
    {
        if (child is null || count <= 0)
            return null;
        if (count == 1)
            return child;
        if (child.Kind == FlatKind.Leaf && stride == child.Length)
            return Leaf(child.Disp, checked(count * child.Length), child.Unit);
        if (child.Kind == FlatKind.Repeat && stride == checked(child.Count * child.Stride))
            return Repeat(checked(count * child.Count), child.Stride, child.Child!)!.Shift(child.Disp);
        return MakeRepeat(count, stride, child);
    }

    private static FlatNode MakeRepeat(long count, long stride, FlatNode child)
    {
        long span = checked((count - 1) * stride);
        bool joins = child.LastEnd + stride == child.FirstStart;
        long blocks = checked(count * child.Blocks - (joins ? count - 1 : 0));
        long minStart = stride >= 0 ? child.MinStart : checked(child.MinStart + span);
        long maxEnd = stride >= 0 ? checked(child.MaxEnd + span) : child.MaxEnd;
        bool ordered = child.Ordered && child.LastStart <= child.FirstStart + stride;
        bool disjoint = child.Disjoint && child.MaxEnd <= child.FirstStart + stride;
        return new FlatNode(FlatKind.Repeat, 0, 0, 0, count, stride, child, joins, null, null, null,
            checked(count * child.Size), blocks, child.FirstStart, checked(child.LastEnd + span),
            checked(child.LastStart + span), minStart, maxEnd, ordered, disjoint, child.Depth + 1);
    }

    /// <summary>
    /// The children in typemap order as one node: empty ones dropped, nested lists inlined, touching
    /// leaves merged (only leaves of one unit when <paramref name="byUnit"/>).
    /// </summary>
    public static FlatNode? Sequence(List<FlatNode?> parts, bool byUnit)
    {
        var flat = new List<FlatNode>(parts.Count);
        foreach (FlatNode? p in parts)
        {
            if (p is null)
                continue;
            if (p.Kind == FlatKind.List)
            {
                foreach (FlatNode c in p.Children!)
                    Append(flat, c.Shift(p.Disp), byUnit);
            }
            else
            {
                Append(flat, p, byUnit);
            }
        }
        if (flat.Count == 0)
            return null;
        if (flat.Count == 1)
            return flat[0];
        return MakeList(flat.ToArray());
    }

    private static void Append(List<FlatNode> flat, FlatNode node, bool byUnit)
    {
        if (flat.Count > 0)
        {
            FlatNode last = flat[^1];
            if (last.Kind == FlatKind.Leaf && node.Kind == FlatKind.Leaf && last.LastEnd == node.Disp
                && (!byUnit || last.Unit == node.Unit))
            {
                flat[^1] = Leaf(last.Disp, checked(last.Length + node.Length), last.Unit);
                return;
            }
        }
        flat.Add(node);
    }

    private static FlatNode MakeList(FlatNode[] children)
    {
        int n = children.Length;
        var sizePrefix = new long[n + 1];
        var blockPrefix = new long[n + 1];
        long blocks = 0;
        long minStart = long.MaxValue, maxEnd = long.MinValue;
        bool ordered = true, disjoint = true;
        int depth = 0;
        for (int i = 0; i < n; i++)
        {
            FlatNode c = children[i];
            if (i > 0)
            {
                FlatNode p = children[i - 1];
                bool joins = p.LastEnd == c.FirstStart;
                if (joins)
                    blocks--;
                ordered &= c.Ordered && p.LastStart <= c.FirstStart;
                disjoint &= c.Disjoint && maxEnd <= c.FirstStart;
            }
            else
            {
                ordered = c.Ordered;
                disjoint = c.Disjoint;
            }
            blockPrefix[i] = blocks;
            blocks = checked(blocks + c.Blocks);
            sizePrefix[i + 1] = checked(sizePrefix[i] + c.Size);
            minStart = Math.Min(minStart, c.MinStart);
            maxEnd = Math.Max(maxEnd, c.MaxEnd);
            depth = Math.Max(depth, c.Depth);
        }
        blockPrefix[n] = blocks;
        FlatNode last = children[n - 1];
        long lastStart = last.LastStart;
        return new FlatNode(FlatKind.List, 0, 0, 0, 0, 0, null, false, children, sizePrefix, blockPrefix,
            sizePrefix[n], blocks, children[0].FirstStart, last.LastEnd, lastStart, minStart, maxEnd,
            ordered, disjoint, depth + 1);
    }

    /// <summary>Index of the child of a List that holds data byte <paramref name="r"/> (0 ≤ r &lt; Size).</summary>
    public int ChildAt(long r)
    {
        long[] prefix = SizePrefix!;
        int lo = 0, hi = Children!.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (prefix[mid] <= r)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }

    /// <summary>Byte displacement of data byte <paramref name="r"/> (0 ≤ r &lt; Size).</summary>
    public long Locate(long r)
    {
        long pos = 0;
        FlatNode node = this;
        while (true)
        {
            switch (node.Kind)
            {
                case FlatKind.Leaf:
                    return pos + node.Disp + r;
                case FlatKind.Repeat:
                {
                    long k = r / node.Child!.Size;
                    r -= k * node.Child.Size;
                    pos += node.Disp + k * node.Stride;
                    node = node.Child;
                    break;
                }
                default:
                {
                    int i = node.ChildAt(r);
                    r -= node.SizePrefix![i];
                    pos += node.Disp;
                    node = node.Children![i];
                    break;
                }
            }
        }
    }

    /// <summary>Index of the merged block holding data byte <paramref name="r"/> (0 ≤ r &lt; Size).</summary>
    public long BlockIndex(long r)
    {
        long index = 0;
        FlatNode node = this;
        while (true)
        {
            switch (node.Kind)
            {
                case FlatKind.Leaf:
                    return index;
                case FlatKind.Repeat:
                {
                    FlatNode child = node.Child!;
                    long k = r / child.Size;
                    r -= k * child.Size;
                    index += k * (child.Blocks - (node.Joins ? 1 : 0));
                    node = child;
                    break;
                }
                default:
                {
                    int i = node.ChildAt(r);
                    r -= node.SizePrefix![i];
                    index += node.BlockPrefix![i];
                    node = node.Children![i];
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Data bytes lying at displacements below <paramref name="d"/>; only meaningful when
    /// <see cref="Disjoint"/>, where it is also the data offset of the first byte at or after d.
    /// </summary>
    public long BytesBefore(long d)
    {
        long before = 0;
        FlatNode node = this;
        while (true)
        {
            switch (node.Kind)
            {
                case FlatKind.Leaf:
                    return before + Math.Clamp(d - node.Disp, 0, node.Length);
                case FlatKind.Repeat:
                {
                    FlatNode child = node.Child!;
                    long x = d - node.Disp;
                    if (x <= child.FirstStart)
                        return before;
                    // Disjoint copies with more than one copy have a positive stride.
                    long k = Math.Min((x - child.FirstStart) / node.Stride, node.Count - 1);
                    before += k * child.Size;
                    d = x - k * node.Stride;
                    node = child;
                    break;
                }
                default:
                {
                    FlatNode[] children = node.Children!;
                    long x = d - node.Disp;
                    if (x <= children[0].FirstStart)
                        return before;
                    int lo = 0, hi = children.Length - 1;
                    while (lo < hi)
                    {
                        int mid = (lo + hi + 1) >> 1;
                        if (children[mid].FirstStart < x)
                            lo = mid;
                        else
                            hi = mid - 1;
                    }
                    before += node.SizePrefix![lo];
                    d = x;
                    node = children[lo];
                    break;
                }
            }
        }
    }
}
