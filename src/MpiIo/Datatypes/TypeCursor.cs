using MpiIo.Mpi;

namespace MpiIo.Datatypes;

/// <summary>
/// Walks the blocks of <c>count</c> copies of a datatype tiled at its extent, in typemap order, without
/// materialising them: a stack over the flattened tree, so memory is O(depth) whatever the count.
/// Blocks that touch are merged, across copies too. Reusable: <see cref="Reset"/> it for another walk
/// (no allocation unless the new type is deeper). Not thread-safe.
/// </summary>
public sealed class TypeCursor
{
    private FlatNode? _root;
    private long _copies;
    private long _extent;
    private long _size;
    private long _copy;
    private FlatNode[] _nodes = new FlatNode[8];
    private long[] _index = new long[8];
    private long[] _base = new long[8];
    private int _depth;
    private long _runStart;
    private long _runLength;
    private long _remaining;

    /// <summary>A cursor over nothing; call <see cref="Reset"/>.</summary>
    public TypeCursor()
    {
    }

    /// <summary>A cursor over <paramref name="count"/> copies of <paramref name="type"/>, at data offset 0.</summary>
    public TypeCursor(Datatype type, long count) => Reset(type, count);

    /// <summary>Total data bytes: <c>count * type.Size</c>.</summary>
    public long Length { get; private set; }

    /// <summary>The data offset of the next byte <see cref="Next"/> returns.</summary>
    public long Position => Length - _remaining;

    /// <summary>
    /// Points the cursor at <paramref name="count"/> copies of <paramref name="type"/> (committing it if
    /// needed), positioned at data offset 0.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Count"/> for a negative count; <see cref="ErrorClass.Arg"/> when count × size overflows.</exception>
    public void Reset(Datatype type, long count)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (count < 0)
            throw new MpiException(ErrorClass.Count, $"count must be nonnegative, got {count}.");
        FlatNode? root = type.Layout;
        if (root is not null && count > long.MaxValue / root.Size)
            throw new MpiException(ErrorClass.Arg, $"{count} copies of a {root.Size}-byte type overflow a 64-bit byte count.");
        _root = root;
        _copies = root is null ? 0 : count;
        _extent = type.Extent;
        _size = root?.Size ?? 0;
        Length = _copies * _size;
        int depth = root?.Depth ?? 0;
        if (_nodes.Length < depth)
        {
            _nodes = new FlatNode[depth];
            _index = new long[depth];
            _base = new long[depth];
        }
        Seek(0);
    }

    /// <summary>
    /// Moves to data offset <paramref name="dataOffset"/> (0 ≤ offset ≤ <see cref="Length"/>) by descending
    /// the tree: O(depth · log) time, no walking.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for an offset outside the data.</exception>
    public void Seek(long dataOffset)
    {
        if (dataOffset < 0 || dataOffset > Length)
            throw new MpiException(ErrorClass.Arg, $"dataOffset must be in 0..{Length}, got {dataOffset}.");
        _remaining = Length - dataOffset;
        _runLength = 0;
        _depth = 0;
        if (_remaining == 0)
            return;
        _copy = dataOffset / _size;
        Descend(_root!, _copy * _extent, dataOffset - _copy * _size);
    }

    /// <summary>
    /// The next block: <paramref name="length"/> bytes at byte displacement <paramref name="offset"/>
    /// (relative to displacement 0 of copy 0), at most <paramref name="maxBytes"/> long, merged with
    /// following blocks that touch it.
    /// </summary>
    /// <returns>False when the data is exhausted (or <paramref name="maxBytes"/> ≤ 0).</returns>
    public bool Next(long maxBytes, out long offset, out long length)
    {
        if (_remaining == 0 || maxBytes <= 0)
        {
            offset = 0;
            length = 0;
            return false;
        }
        if (_runLength == 0)
            Advance();
        long limit = Math.Min(maxBytes, _remaining);
        offset = _runStart;
        long taken = Math.Min(_runLength, limit);
        _runStart += taken;
        _runLength -= taken;
        while (taken < limit && _runLength == 0)
        {
            Advance();
            if (_runStart != offset + taken)
                break;
            long more = Math.Min(_runLength, limit - taken);
            taken += more;
            _runStart += more;
            _runLength -= more;
        }
        _remaining -= taken;
        length = taken;
        return true;
    }

    /// <summary>Pushes the path to data byte <paramref name="r"/> of <paramref name="node"/> and loads its run.</summary>
    private void Descend(FlatNode node, long origin, long r)
    {
        while (true)
        {
            switch (node.Kind)
            {
                case FlatKind.Leaf:
                    _runStart = origin + node.Disp + r;
                    _runLength = node.Length - r;
                    return;
                case FlatKind.Repeat:
                {
                    FlatNode child = node.Child!;
                    long k = r / child.Size;
                    Push(node, k, origin);
                    origin += node.Disp + k * node.Stride;
                    r -= k * child.Size;
                    node = child;
                    break;
                }
                default:
                {
                    int i = r == 0 ? 0 : node.ChildAt(r);
                    Push(node, i, origin);
                    origin += node.Disp;
                    r -= node.SizePrefix![i];
                    node = node.Children![i];
                    break;
                }
            }
        }
    }

    private void Push(FlatNode node, long index, long origin)
    {
        _nodes[_depth] = node;
        _index[_depth] = index;
        _base[_depth] = origin;
        _depth++;
    }

    /// <summary>Loads the next leaf run in typemap order; only called while data remains.</summary>
    private void Advance()
    {
        while (_depth > 0)
        {
            int f = _depth - 1;
            FlatNode node = _nodes[f];
            long next = _index[f] + 1;
            if (node.Kind == FlatKind.Repeat)
            {
                if (next < node.Count)
                {
                    _index[f] = next;
                    Descend(node.Child!, _base[f] + node.Disp + next * node.Stride, 0);
                    return;
                }
            }
            else if (next < node.Children!.Length)
            {
                _index[f] = next;
                Descend(node.Children[next], _base[f] + node.Disp, 0);
                return;
            }
            _depth = f;
        }
        _copy++;
        Descend(_root!, _copy * _extent, 0);
    }
}
