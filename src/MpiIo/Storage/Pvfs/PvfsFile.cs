using MpiIo.Mpi;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// A PVFS file behind the storage-driver interface, like ROMIO's ad_pvfs2: native list I/O (one request per
/// server per access), striped, durable flush; no locks, no data-sieving writes, no atomic mode.
/// </summary>
public sealed class PvfsFile : IStorageFile
{
    /// <summary>What every PVFS file supports.</summary>
    public const DriverFeatures PvfsFeatures = DriverFeatures.ListIO | DriverFeatures.Striped | DriverFeatures.DurableFlush;

    private readonly PvfsNativeFile _file;
    private readonly StorageOpenMode _mode;

    internal PvfsFile(PvfsNativeFile file, StorageOpenMode mode)
    {
        _file = file;
        _mode = mode;
    }

    /// <inheritdoc/>
    public DriverFeatures Features => PvfsFeatures;

    /// <inheritdoc/>
    public string Path => _file.Path;

    /// <summary>The native handle underneath (partitions, attributes).</summary>
    public PvfsNativeFile Native => _file;

    /// <inheritdoc/>
    public StripingLayout? Striping => _file.Layout;

    private void CheckWritable()
    {
        if ((_mode & StorageOpenMode.Write) == 0)
            throw new StorageException(ErrorClass.Access, $"pvfs: '{Path}' is open read-only");
    }

    private void CheckReadable()
    {
        if ((_mode & StorageOpenMode.Read) == 0)
            throw new StorageException(ErrorClass.Access, $"pvfs: '{Path}' is open write-only");
    }

    /// <inheritdoc/>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        CheckReadable();
        return _file.ReadAt(offset, buffer);
    }

    /// <inheritdoc/>
    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        CheckWritable();
        _file.WriteAt(offset, data);
    }

    /// <inheritdoc/>
    public long ReadList(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer)
    {
        CheckReadable();
        return _file.ReadList(blocks, buffer);
    }

    /// <inheritdoc/>
    public void WriteList(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data)
    {
        CheckWritable();
        _file.WriteList(blocks, data);
    }

    /// <inheritdoc/>
    public void Flush() => _file.Flush();

    /// <inheritdoc/>
    public void SetSize(long size)
    {
        CheckWritable();
        _file.SetSize(size);
    }

    /// <summary>Extends the file to <paramref name="size"/> bytes when shorter (PVFS has no space reservation; the extension is a hole).</summary>
    public void Preallocate(long size)
    {
        CheckWritable();
        if (size < 0)
            throw new StorageException(ErrorClass.Arg, $"pvfs: size must not be negative, got {size}");
        if (_file.GetSize() < size)
            _file.SetSize(size);
    }

    /// <inheritdoc/>
    public long GetSize() => _file.GetSize();

    /// <summary>Always fails: PVFS has no locks (<c>MPI_ERR_UNSUPPORTED_OPERATION</c>).</summary>
    public RangeLock Lock(long offset, long length, bool exclusive)
        => throw new StorageException(ErrorClass.UnsupportedOperation, $"pvfs: '{Path}': byte-range locks are not supported");

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();
}
