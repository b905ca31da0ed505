using MpiIo.Mpi;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// PVFS's partitioned-file interface: partition byte <c>off</c> is file byte
/// <c>(off / GroupSize) * Stride + off % GroupSize + Offset</c>; with <c>GroupSize == Stride</c> or either 0 the
/// partition is contiguous at <c>off + Offset</c>.
/// </summary>
/// <param name="Offset">Where the partition starts in the file.</param>
/// <param name="GroupSize">Bytes of each strided group (PVFS's <c>gsize</c>).</param>
/// <param name="Stride">Distance between the starts of consecutive groups.</param>
public readonly record struct PvfsPartition(long Offset, long GroupSize, long Stride)
{
    /// <summary>The whole file, contiguous.</summary>
    public static PvfsPartition Whole => default;

    /// <summary>Whether partition bytes map one to one onto consecutive file bytes.</summary>
    public bool IsContiguous => GroupSize == 0 || Stride == 0 || GroupSize == Stride;

    /// <summary>The file offset of partition byte <paramref name="offset"/>.</summary>
    public long FileOffset(long offset) => IsContiguous ? offset + Offset : offset / GroupSize * Stride + offset % GroupSize + Offset;

    /// <summary>Rejects negative fields and groups longer than their stride (they would overlap).</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_ARG</c> naming the bad field.</exception>
    public void Validate()
    {
        if (Offset < 0)
            throw new StorageException(ErrorClass.Arg, $"partition: Offset must not be negative, got {Offset}");
        if (GroupSize < 0 || Stride < 0)
            throw new StorageException(ErrorClass.Arg, $"partition: GroupSize and Stride must not be negative, got {GroupSize} and {Stride}");
        if (!IsContiguous && GroupSize > Stride)
            throw new StorageException(ErrorClass.Arg, $"partition: GroupSize {GroupSize} exceeds Stride {Stride}, groups would overlap");
    }
}
