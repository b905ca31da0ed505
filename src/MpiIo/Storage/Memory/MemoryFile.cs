using MpiIo.Mpi;

namespace MpiIo.Storage.Memory;

/// <summary>One handle of a memory file.</summary>
internal sealed class MemoryFile : IStorageFile, IRangeLockOwner
{
    private readonly MemoryFileContent _content;
    private readonly bool _canRead, _canWrite;
    private readonly List<FileBlock> _held = [];
    private volatile bool _closed;

    internal MemoryFile(MemoryFileContent content, string path, bool canRead, bool canWrite)
    {
        _content = content;
        Path = path;
        _canRead = canRead;
        _canWrite = canWrite;
    }

    public DriverFeatures Features => MemoryDriver.MemoryFeatures;

    public string Path { get; }

    public StripingLayout? Striping => null;

    public int ReadAt(long offset, Span<byte> buffer)
    {
        CheckOpen(read: true);
        FileBlocks.CheckRange(offset, buffer.Length, nameof(offset));
        return _content.Read(offset, buffer);
    }

    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        CheckOpen(write: true);
        FileBlocks.CheckRange(offset, data.Length, nameof(offset));
        _content.Write(offset, data, Path);
    }

    public long ReadList(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer)
    {
        CheckOpen(read: true);
        FileBlocks.CheckList(blocks, buffer.Length, nameof(buffer));
        return _content.ReadList(blocks, buffer);
    }

    public void WriteList(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data)
    {
        CheckOpen(write: true);
        FileBlocks.CheckList(blocks, data.Length, nameof(data));
        _content.WriteList(blocks, data, Path);
    }

    public void Flush() => CheckOpen();

    public void SetSize(long size)
    {
        CheckOpen(write: true);
        FileBlocks.CheckRange(size, 0, nameof(size));
        _content.SetSize(size, Path);
    }

    public void Preallocate(long size)
    {
        CheckOpen(write: true);
        FileBlocks.CheckRange(size, 0, nameof(size));
        _content.Preallocate(size, Path);
    }

    public long GetSize()
    {
        CheckOpen();
        return _content.Size;
    }

    public RangeLock Lock(long offset, long length, bool exclusive)
    {
        // The same access rule as fcntl, so code tested here behaves the same on local files.
        CheckOpen(read: !exclusive, write: exclusive);
        _content.Locks.Acquire(offset, length, exclusive);
        lock (_held)
            _held.Add(new FileBlock(offset, length));
        return new RangeLock(this, offset, length);
    }

    void IRangeLockOwner.Unlock(long offset, long length)
    {
        lock (_held)
        {
            if (!_held.Remove(new FileBlock(offset, length)))
                return;
        }
        _content.Locks.Release(offset, length);
    }

    /// <summary>Closes the handle and, as closing a descriptor does, releases the locks it still holds.</summary>
    public void Dispose()
    {
        _closed = true;
        lock (_held)
        {
            foreach (FileBlock range in _held)
                _content.Locks.Release(range.Offset, range.Length);
            _held.Clear();
        }
    }

    private void CheckOpen(bool read = false, bool write = false)
    {
        if (_closed)
            throw new StorageException(ErrorClass.File, $"'{Path}' is closed.");
        if (read && !_canRead)
            throw new StorageException(ErrorClass.Access, $"'{Path}' is not open for reading (a shared lock needs it too).");
        if (write && !_canWrite)
            throw new StorageException(ErrorClass.Access, $"'{Path}' is not open for writing (an exclusive lock needs it too).");
    }
}
