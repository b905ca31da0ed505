using MpiIo.Storage;

namespace MpiIo.Windows;

/// <summary>
/// Collects changed byte runs in file order and writes them with list I/O (<see cref="IStorageFile.WriteList"/>):
/// one request per staging buffer on drivers with native list I/O, one write per run of adjacent
/// blocks on the others. Touching runs join into one block. The buffers live as long as the window.
/// </summary>
/// <remarks>
/// With a sieve gap (ROMIO's data-sieving write applied to diffs) runs closer than the gap are written
/// as one extent whose unchanged bytes are first read from the file, all under one exclusive byte-range
/// lock over the flushed range: fewer, larger writes for more bytes. The re-read gap bytes are the file's
/// current ones, so a concurrent release of another node (which takes the same lock) is never undone.
/// </remarks>
internal sealed class DiffWriter
{
    private readonly int _capacity;
    private readonly int _sieveGap;
    private FileBlock[] _blocks = new FileBlock[256];
    private int _count;
    private byte[] _staging = [];
    private int _used;
    private byte[] _extent = [];

    public DiffWriter(int capacity, int sieveGap = 0)
    {
        _capacity = capacity;
        _sieveGap = sieveGap;
    }

    /// <summary>Bytes handed to the driver so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Blocks handed to the driver so far.</summary>
    public long BlocksWritten { get; private set; }

    /// <summary>Queues <paramref name="bytes"/> for file offset <paramref name="fileOffset"/> (runs must come in increasing offset order).</summary>
    public void Add(IStorageFile file, long fileOffset, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _capacity - _used) Flush(file);
        if (bytes.Length >= _capacity)
        {
            // A run as large as the staging buffer goes straight from the window (under the lock sieving
            // writers of other nodes take, so none of them re-writes stale bytes over it).
            using (_sieveGap > 0 ? file.Lock(fileOffset, bytes.Length, exclusive: true) : default)
                file.WriteAt(fileOffset, bytes);
            BytesWritten += bytes.Length;
            BlocksWritten++;
            return;
        }
        if (_staging.Length < _used + bytes.Length)
            Array.Resize(ref _staging, Math.Min(_capacity, Math.Max(_used + bytes.Length, Math.Max(4096, _staging.Length * 2))));
        if (_count > 0 && _blocks[_count - 1].End == fileOffset)
        {
            _blocks[_count - 1] = _blocks[_count - 1] with { Length = _blocks[_count - 1].Length + bytes.Length };
        }
        else
        {
            if (_count == _blocks.Length) Array.Resize(ref _blocks, _count * 2);
            _blocks[_count++] = new FileBlock(fileOffset, bytes.Length);
        }
        bytes.CopyTo(_staging.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>Writes what is queued.</summary>
    public void Flush(IStorageFile file)
    {
        if (_count == 0) return;
        try
        {
            if (_sieveGap > 0)
            {
                WriteSieved(file);
                return;
            }
            file.WriteList(_blocks.AsSpan(0, _count), _staging.AsSpan(0, _used));
            BytesWritten += _used;
            BlocksWritten += _count;
        }
        finally
        {
            _count = 0;
            _used = 0;
        }
    }

    private void WriteSieved(IStorageFile file)
    {
        var blocks = _blocks.AsSpan(0, _count);
        using var held = file.Lock(blocks[0].Offset, blocks[^1].End - blocks[0].Offset, exclusive: true);
        int position = 0; // staging offset of block i
        for (int i = 0; i < blocks.Length;)
        {
            int j = i;
            int extentPosition = position;
            int staged = (int)blocks[i].Length;
            while (j + 1 < blocks.Length && blocks[j + 1].Offset - blocks[j].End <= _sieveGap && blocks[j + 1].End - blocks[i].Offset <= _capacity)
            {
                j++;
                staged += (int)blocks[j].Length;
            }
            long start = blocks[i].Offset;
            int length = (int)(blocks[j].End - start);
            if (i == j)
            {
                file.WriteAt(start, _staging.AsSpan(position, length));
            }
            else
            {
                if (_extent.Length < length) _extent = new byte[Math.Max(length, 2 * _extent.Length)];
                var extent = _extent.AsSpan(0, length);
                file.ReadFully(start, extent);
                int at = extentPosition;
                for (int k = i; k <= j; k++)
                {
                    int n = (int)blocks[k].Length;
                    _staging.AsSpan(at, n).CopyTo(extent[(int)(blocks[k].Offset - start)..]);
                    at += n;
                }
                file.WriteAt(start, extent);
            }
            BytesWritten += length;
            BlocksWritten++;
            position += staged;
            i = j + 1;
        }
    }

    /// <summary>Forgets what is queued (after a failure).</summary>
    public void Discard()
    {
        _count = 0;
        _used = 0;
    }
}
