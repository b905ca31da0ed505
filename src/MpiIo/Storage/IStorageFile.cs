namespace MpiIo.Storage;

/// <summary>
/// One open file of a storage driver: the small table ROMIO's drivers implement. Offsets are absolute
/// byte offsets in the file. Implementations are used by one process; a process may call them from
/// several threads at once (nonblocking I/O), so positional calls must not share a file pointer.
/// </summary>
/// <remarks>
/// Errors are raised as <see cref="StorageException"/> carrying the MPI error class. Buffers belong to
/// the caller and are not kept after a call returns.
/// </remarks>
public interface IStorageFile : IDisposable
{
    /// <summary>What this file supports.</summary>
    DriverFeatures Features { get; }

    /// <summary>The driver-local path (without prefix).</summary>
    string Path { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; fewer only at end of file.</summary>
    /// <returns>Bytes read.</returns>
    int ReadAt(long offset, Span<byte> buffer);

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>, extending the file as needed.</summary>
    void WriteAt(long offset, ReadOnlySpan<byte> data);

    /// <summary>
    /// List I/O read: fills <paramref name="buffer"/> with the bytes of <paramref name="blocks"/> in order
    /// (the buffer's length is the sum of the block lengths). Bytes past end of file read as zero.
    /// Drivers without <see cref="DriverFeatures.ListIO"/> get a correct per-block loop from <see cref="StorageFileExtensions"/>.
    /// </summary>
    /// <returns>Bytes that lay before end of file.</returns>
    long ReadList(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer);

    /// <summary>List I/O write: writes consecutive pieces of <paramref name="data"/> to <paramref name="blocks"/> in order.</summary>
    void WriteList(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data);

    /// <summary>Makes written data durable (<c>MPI_File_sync</c>).</summary>
    void Flush();

    /// <summary>Truncates or extends the file (<c>MPI_File_set_size</c>).</summary>
    void SetSize(long size);

    /// <summary>Reserves storage for the first <paramref name="size"/> bytes (<c>MPI_File_preallocate</c>); never shrinks.</summary>
    void Preallocate(long size);

    /// <summary>The current size in bytes.</summary>
    long GetSize();

    /// <summary>
    /// Takes a byte-range lock over [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>),
    /// waiting for conflicting holders; <paramref name="length"/> 0 means to end of file and beyond.
    /// Throws <see cref="StorageException"/> with <c>MPI_ERR_UNSUPPORTED_OPERATION</c> without <see cref="DriverFeatures.Locks"/>.
    /// </summary>
    /// <returns>A token that releases the lock when disposed.</returns>
    RangeLock Lock(long offset, long length, bool exclusive);

    /// <summary>The striping of the file, when <see cref="DriverFeatures.Striped"/>.</summary>
    StripingLayout? Striping { get; }
}
