namespace MpiIo.Storage;

/// <summary>A contiguous piece of a file: <see cref="Length"/> bytes at <see cref="Offset"/>.</summary>
public readonly record struct FileBlock(long Offset, long Length)
{
    /// <summary>The first byte after the block.</summary>
    public long End => Offset + Length;
}
