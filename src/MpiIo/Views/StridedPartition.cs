using MpiIo.Datatypes;
using MpiIo.Mpi;

namespace MpiIo.Views;

/// <summary>
/// PVFS's partitioned-file interface (the <c>{offset, gsize, stride}</c> ioctl): partition byte
/// <c>off</c> lives at <c>(off / GroupSize) · Stride + off % GroupSize + Offset</c>; when
/// <c>GroupSize == Stride</c> or either is 0 the partition is contiguous at <c>off + Offset</c>.
/// </summary>
public sealed record StridedPartition
{
    /// <summary>Makes a partition.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a negative value or a group larger than the stride.</exception>
    public StridedPartition(long offset, long groupSize, long stride)
    {
        if (offset < 0 || groupSize < 0 || stride < 0)
            throw new MpiException(ErrorClass.Arg,
                $"offset ({offset}), groupSize ({groupSize}) and stride ({stride}) must be nonnegative.");
        if (groupSize > stride && stride != 0)
            throw new MpiException(ErrorClass.Arg, $"groupSize ({groupSize}) must not exceed stride ({stride}).");
        Offset = offset;
        GroupSize = groupSize;
        Stride = stride;
    }

    /// <summary>File offset of partition byte 0.</summary>
    public long Offset { get; }

    /// <summary>Bytes in each group (PVFS's <c>gsize</c>).</summary>
    public long GroupSize { get; }

    /// <summary>Bytes from one group's start to the next (PVFS's <c>stride</c>).</summary>
    public long Stride { get; }

    /// <summary>Whether the partition is one run from <see cref="Offset"/>.</summary>
    public bool IsContiguous => GroupSize == Stride || GroupSize == 0 || Stride == 0;

    /// <summary>File offset of partition byte <paramref name="partitionByte"/>.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a negative position.</exception>
    public long FileOffsetOf(long partitionByte)
    {
        if (partitionByte < 0)
            throw new MpiException(ErrorClass.Arg, $"partitionByte must be nonnegative, got {partitionByte}.");
        if (IsContiguous)
            return partitionByte + Offset;
        return (partitionByte / GroupSize) * Stride + partitionByte % GroupSize + Offset;
    }

    /// <summary>
    /// The equivalent file view: displacement <see cref="Offset"/>, etype <see cref="Datatype.Byte"/>,
    /// filetype <see cref="GroupSize"/> bytes resized to extent <see cref="Stride"/>.
    /// </summary>
    public FileView ToView()
    {
        if (IsContiguous)
            return FileView.Create(Offset, Datatype.Byte, Datatype.Byte, FileView.Native, readOnlyFile: false);
        Datatype filetype = Datatype.Resized(Bytes(GroupSize), 0, Stride).Commit();
        return FileView.Create(Offset, Datatype.Byte, filetype, FileView.Native, readOnlyFile: false);
    }

    /// <summary>A contiguous type of <paramref name="n"/> bytes, also past the 2³¹ count limit of one constructor.</summary>
    private static Datatype Bytes(long n)
    {
        if (n <= int.MaxValue)
            return Datatype.Contiguous((int)n, Datatype.Byte);
        const int Chunk = 1 << 30;
        Datatype chunks = Datatype.Contiguous(checked((int)(n / Chunk)), Datatype.Contiguous(Chunk, Datatype.Byte));
        int rest = (int)(n % Chunk);
        return Datatype.Struct([1, rest], [0, n - rest], [chunks, Datatype.Byte]);
    }
}
