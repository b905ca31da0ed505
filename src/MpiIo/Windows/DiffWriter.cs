using MpiIo.Storage;

namespace MpiIo.Windows;

/// <summary>
/// Collects changed byte runs in file order and writes them with list I/O (<see cref="IStorageFile.WriteList"/>):
/// one request per staging buffer on drivers with native list I/O, one write per run of adjacent
/// blocks on the others. Touching runs join into one block. The buffers live as long as the window.
/// </summary>
internal sealed class DiffWriter
{
    private readonly int _capacity;
    private FileBlock[] _blocks = new FileBlock[256];
    private int _count;
    private byte[] _staging = [];
    private int _used;

    public DiffWriter(int capacity) => _capacity = capacity;

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
            // A run as large as the staging buffer goes straight from the window.
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

    /// <summary>Forgets what is queued (after a failure).</summary>
    public void Discard()
    {
        _count = 0;
        _used = 0;
    }
}
