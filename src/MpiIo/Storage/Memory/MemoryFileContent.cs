using MpiIo.Mpi;

namespace MpiIo.Storage.Memory;

/// <summary>
/// The bytes of one memory file, in 64 KiB pages allocated on first write so sparse files stay small.
/// Shared by every handle of the file; one monitor serialises access (memory copies are short).
/// </summary>
internal sealed class MemoryFileContent
{
    private const int PageShift = 16;
    private const int PageSize = 1 << PageShift;

    private readonly Dictionary<long, byte[]> _pages = [];
    private readonly long _maxSize;
    private long _size;

    internal MemoryFileContent(long maxSize) => _maxSize = maxSize;

    /// <summary>Byte-range locks of the file, shared by all its handles.</summary>
    internal RangeLockTable Locks { get; } = new();

    internal long Size
    {
        get
        {
            lock (_pages)
                return _size;
        }
    }

    internal int Read(long offset, Span<byte> buffer)
    {
        lock (_pages)
            return ReadLocked(offset, buffer);
    }

    internal void Write(long offset, ReadOnlySpan<byte> data, string path)
    {
        lock (_pages)
            WriteLocked(offset, data, path);
    }

    /// <summary>List read under one acquisition of the monitor: one request, as native list I/O is.</summary>
    internal long ReadList(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer)
    {
        lock (_pages)
        {
            long beforeEof = 0;
            int position = 0;
            foreach (FileBlock b in blocks)
            {
                Span<byte> piece = buffer.Slice(position, (int)b.Length);
                int read = ReadLocked(b.Offset, piece);
                piece[read..].Clear();
                beforeEof += read;
                position += piece.Length;
            }
            return beforeEof;
        }
    }

    internal void WriteList(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data, string path)
    {
        lock (_pages)
        {
            // Check the whole request first so a rejected list writes nothing.
            foreach (FileBlock b in blocks)
                CheckCapacity(b.End, path);
            int position = 0;
            foreach (FileBlock b in blocks)
            {
                WriteLocked(b.Offset, data.Slice(position, (int)b.Length), path);
                position += (int)b.Length;
            }
        }
    }

    internal void SetSize(long size, string path)
    {
        lock (_pages)
        {
            CheckCapacity(size, path);
            if (size < _size)
                DropFrom(size);
            _size = size;
        }
    }

    internal void Preallocate(long size, string path)
    {
        lock (_pages)
        {
            CheckCapacity(size, path);
            _size = Math.Max(_size, size);
        }
    }

    private int ReadLocked(long offset, Span<byte> buffer)
    {
        if (offset >= _size)
            return 0;
        int count = (int)Math.Min(buffer.Length, _size - offset);
        int done = 0;
        while (done < count)
        {
            long at = offset + done;
            int inPage = (int)(at & (PageSize - 1));
            int n = Math.Min(count - done, PageSize - inPage);
            Span<byte> target = buffer.Slice(done, n);
            if (_pages.TryGetValue(at >> PageShift, out byte[]? page))
                page.AsSpan(inPage, n).CopyTo(target);
            else
                target.Clear();
            done += n;
        }
        return count;
    }

    private void WriteLocked(long offset, ReadOnlySpan<byte> data, string path)
    {
        long end = offset + data.Length;
        CheckCapacity(end, path);
        int done = 0;
        while (done < data.Length)
        {
            long at = offset + done;
            long index = at >> PageShift;
            int inPage = (int)(at & (PageSize - 1));
            int n = Math.Min(data.Length - done, PageSize - inPage);
            if (!_pages.TryGetValue(index, out byte[]? page))
            {
                page = new byte[PageSize];
                _pages.Add(index, page);
            }
            data.Slice(done, n).CopyTo(page.AsSpan(inPage, n));
            done += n;
        }
        _size = Math.Max(_size, end);
    }

    // Pages are zeroed beyond the new end so a later extension reads zeros, as after ftruncate.
    private void DropFrom(long size)
    {
        long firstWhole = (size + PageSize - 1) >> PageShift;
        List<long>? drop = null;
        foreach (long index in _pages.Keys)
        {
            if (index >= firstWhole)
                (drop ??= []).Add(index);
        }
        if (drop is not null)
        {
            foreach (long index in drop)
                _pages.Remove(index);
        }
        int tail = (int)(size & (PageSize - 1));
        if (tail != 0 && _pages.TryGetValue(size >> PageShift, out byte[]? last))
            last.AsSpan(tail).Clear();
    }

    private void CheckCapacity(long end, string path)
    {
        if (end > _maxSize)
            throw new StorageException(ErrorClass.NoSpace, $"'{path}' would grow to {end} bytes, beyond the memory driver's limit of {_maxSize}.");
    }
}
