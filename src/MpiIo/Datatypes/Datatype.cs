using MpiIo.Mpi;

namespace MpiIo.Datatypes;

/// <summary>
/// An MPI datatype (<c>MPI_Datatype</c>): a typemap of primitives at byte displacements, with MPI-4's
/// lower and upper bounds. Immutable. Bounds follow MPICH exactly (including its struct padding),
/// because files are compared byte for byte with MPICH's MPI-IO. The typemap is flattened once, on
/// <see cref="Commit"/>, into a small tree whose size depends only on the irregular parts of the type;
/// blocks are produced lazily by <see cref="TypeCursor"/> and <see cref="TypePacker"/>.
/// </summary>
public sealed partial class Datatype
{
    private readonly Func<bool, FlatNode?> _flatten;
    private readonly object _gate = new();
    private FlatNode? _layout;
    private FlatNode? _typed;
    private volatile bool _layoutBuilt;
    private volatile bool _typedBuilt;
    private volatile bool _committed;

    private Datatype(Combiner combiner, string? name, long size, long lb, long ub, long trueLb, long trueUb,
        int alignSize, bool external32Native, Func<bool, FlatNode?> flatten)
    {
        Combiner = combiner;
        Name = name;
        Size = size;
        Lb = lb;
        Ub = ub;
        Extent = checked(ub - lb);
        TrueLb = trueLb;
        TrueUb = trueUb;
        TrueExtent = checked(trueUb - trueLb);
        AlignSize = alignSize;
        External32Native = external32Native;
        _flatten = flatten;
    }

    /// <summary>The predefined name (<c>MPI_Type_get_name</c>), or null for a derived type.</summary>
    public string? Name { get; }

    /// <summary>How the type was made (<c>MPI_Type_get_envelope</c>).</summary>
    public Combiner Combiner { get; }

    /// <summary>Whether this is a predefined type.</summary>
    public bool IsPredefined => Combiner == Combiner.Named;

    /// <summary>Data bytes in one copy (<c>MPI_Type_size_x</c>).</summary>
    public long Size { get; }

    /// <summary>Lower bound (<c>MPI_Type_get_extent_x</c>).</summary>
    public long Lb { get; }

    /// <summary>Upper bound, <see cref="Lb"/> + <see cref="Extent"/>.</summary>
    public long Ub { get; }

    /// <summary>Extent: the distance between tiled copies (<c>MPI_Type_get_extent_x</c>).</summary>
    public long Extent { get; }

    /// <summary>True lower bound: the lowest displacement of data (<c>MPI_Type_get_true_extent_x</c>).</summary>
    public long TrueLb { get; }

    /// <summary>True upper bound, <see cref="TrueLb"/> + <see cref="TrueExtent"/>.</summary>
    public long TrueUb { get; }

    /// <summary>True extent (<c>MPI_Type_get_true_extent_x</c>).</summary>
    public long TrueExtent { get; }

    /// <summary>Whether <see cref="Commit"/> was called (predefined types always are).</summary>
    public bool IsCommitted => _committed;

    /// <summary>Alignment MPICH gives the type (largest primitive alignment inside), for struct padding.</summary>
    internal int AlignSize { get; }

    /// <summary>Whether every primitive inside has the same size in external32 as natively.</summary>
    internal bool External32Native { get; }

    /// <summary>
    /// Commits the type (<c>MPI_Type_commit</c>): flattens it once into its block tree and caches it.
    /// The walk APIs commit implicitly.
    /// </summary>
    /// <returns>This type.</returns>
    public Datatype Commit()
    {
        _ = Layout;
        _committed = true;
        return this;
    }

    /// <summary>The flattened typemap with touching blocks merged; null when the type holds no data.</summary>
    internal FlatNode? Layout
    {
        get
        {
            if (!_layoutBuilt)
            {
                lock (_gate)
                {
                    if (!_layoutBuilt)
                    {
                        _layout = _flatten(false);
                        _layoutBuilt = true;
                    }
                }
            }
            return _layout;
        }
    }

    /// <summary>The flattened typemap with leaves split where the primitive width changes (for external32).</summary>
    internal FlatNode? Typed
    {
        get
        {
            if (!_typedBuilt)
            {
                lock (_gate)
                {
                    if (!_typedBuilt)
                    {
                        _typed = _flatten(true);
                        _typedBuilt = true;
                    }
                }
            }
            return _typed;
        }
    }

    internal FlatNode? Flat(bool byUnit) => byUnit ? Typed : Layout;

    /// <summary>Merged blocks in one copy of the type, computed from the tree without walking it.</summary>
    public long BlockCount => Layout?.Blocks ?? 0;

    /// <summary>
    /// Whether the data is one block of <see cref="Size"/> bytes and <see cref="Size"/> equals
    /// <see cref="Extent"/>, so tiled copies form one run.
    /// </summary>
    public bool IsContiguous => BlockCount <= 1 && Size == Extent;

    /// <summary>
    /// Whether the tiled sequence of copies has nondecreasing block starts and no byte covered twice,
    /// the condition for <see cref="DataOffsetAtOrAfter"/> (and for a filetype).
    /// </summary>
    public bool IsMonotonic
    {
        get
        {
            FlatNode? root = Layout;
            return root is null || (root.Disjoint && root.MaxEnd <= root.FirstStart + Extent);
        }
    }

    /// <summary>Whether tiled block starts never decrease (overlap allowed).</summary>
    internal bool TiledOrdered
    {
        get
        {
            FlatNode? root = Layout;
            return root is null || (root.Ordered && root.LastStart <= root.FirstStart + Extent);
        }
    }

    /// <summary>
    /// Byte displacement of data byte <paramref name="dataOffset"/> of the packed stream of tiled copies
    /// (copy <c>n</c> at <c>n * Extent</c>), in O(depth · log) time.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a negative offset or a type without data.</exception>
    public long DisplacementOf(long dataOffset)
    {
        FlatNode root = RequireData(dataOffset, nameof(dataOffset));
        long n = dataOffset / Size;
        return checked(n * Extent) + root.Locate(dataOffset - n * Size);
    }

    /// <summary>
    /// Index of the merged block that holds data byte <paramref name="dataOffset"/> in the tiled sequence,
    /// counting blocks merged across copies once.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a negative offset or a type without data.</exception>
    public long BlockIndexOf(long dataOffset)
    {
        FlatNode root = RequireData(dataOffset, nameof(dataOffset));
        long n = dataOffset / Size;
        long perCopy = root.Blocks - (root.LastEnd + Extent == root.FirstStart ? 1 : 0);
        return checked(n * perCopy) + root.BlockIndex(dataOffset - n * Size);
    }

    /// <summary>
    /// The data offset, in the tiled sequence, of the first data byte at a displacement at or after
    /// <paramref name="displacement"/> (equivalently: how many data bytes lie below it). The inverse of
    /// <see cref="DisplacementOf"/> for displacements in the typemap.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Type"/> when the type is not <see cref="IsMonotonic"/>.</exception>
    public long DataOffsetAtOrAfter(long displacement)
    {
        FlatNode? root = Layout;
        if (root is null)
            return 0;
        if (!IsMonotonic)
            throw new MpiException(ErrorClass.Type, "DataOffsetAtOrAfter needs a type whose tiled blocks are nondecreasing and disjoint.");
        if (displacement <= root.FirstStart)
            return 0;
        // Monotonic with data implies Extent > 0.
        long n = (displacement - root.FirstStart) / Extent;
        return checked(n * Size) + root.BytesBefore(displacement - n * Extent);
    }

    private FlatNode RequireData(long dataOffset, string name)
    {
        if (dataOffset < 0)
            throw new MpiException(ErrorClass.Arg, $"{name} must be nonnegative, got {dataOffset}.");
        return Layout ?? throw new MpiException(ErrorClass.Arg, "The datatype holds no data.");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Name ?? $"{Combiner}(size={Size}, lb={Lb}, extent={Extent})";
}
