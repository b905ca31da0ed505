using MpiIo.Mpi;

namespace MpiIo.Storage;

/// <summary>
/// Correct generic loops over <see cref="IStorageFile.ReadAt"/> and <see cref="IStorageFile.WriteAt"/>
/// for drivers without native list I/O, in the spirit of ROMIO's <c>ADIOI_GEN_*</c> fallbacks: such a
/// driver implements <see cref="IStorageFile.ReadList"/> as <c>this.ReadListByBlocks(blocks, buffer)</c>.
/// </summary>
public static class StorageFileExtensions
{
    /// <summary>
    /// Reads <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; bytes past end of file
    /// read as zero. Relies on the <see cref="IStorageFile.ReadAt"/> contract that a short read means end of file.
    /// </summary>
    /// <returns>Bytes that lay before end of file.</returns>
    public static int ReadFully(this IStorageFile file, long offset, Span<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(file);
        int read = buffer.IsEmpty ? 0 : file.ReadAt(offset, buffer);
        buffer[read..].Clear();
        return read;
    }

    /// <summary>
    /// List read as one <see cref="IStorageFile.ReadAt"/> per run of adjacent blocks, with the semantics of
    /// <see cref="IStorageFile.ReadList"/>: bytes past end of file read as zero.
    /// </summary>
    /// <returns>Bytes that lay before end of file.</returns>
    /// <exception cref="StorageException"><see cref="ErrorClass.Arg"/> when a block is negative or the lengths do not sum to the buffer's length; nothing is read then.</exception>
    public static long ReadListByBlocks(this IStorageFile file, ReadOnlySpan<FileBlock> blocks, Span<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(file);
        FileBlocks.CheckList(blocks, buffer.Length, nameof(buffer));
        long beforeEof = 0;
        int position = 0;
        for (int i = 0; i < blocks.Length;)
        {
            int runEnd = FileBlocks.EndOfAdjacentRun(blocks, i, out long runOffset, out int runLength);
            beforeEof += file.ReadFully(runOffset, buffer.Slice(position, runLength));
            position += runLength;
            i = runEnd;
        }
        return beforeEof;
    }

    /// <summary>
    /// List write as one <see cref="IStorageFile.WriteAt"/> per run of adjacent blocks, with the semantics of
    /// <see cref="IStorageFile.WriteList"/>.
    /// </summary>
    /// <exception cref="StorageException"><see cref="ErrorClass.Arg"/> when a block is negative or the lengths do not sum to the data's length; nothing is written then.</exception>
    public static void WriteListByBlocks(this IStorageFile file, ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(file);
        FileBlocks.CheckList(blocks, data.Length, nameof(data));
        int position = 0;
        for (int i = 0; i < blocks.Length;)
        {
            int runEnd = FileBlocks.EndOfAdjacentRun(blocks, i, out long runOffset, out int runLength);
            if (runLength > 0)
                file.WriteAt(runOffset, data.Slice(position, runLength));
            position += runLength;
            i = runEnd;
        }
    }
}
