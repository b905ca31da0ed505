using System.Buffers.Binary;

namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>
/// Streams the file blocks of a checked region descriptor with each block's offset in the data stream. Client
/// and server run this same code over the same bytes, so both sides agree on every byte's place.
/// </summary>
public ref struct RegionBlockEnumerator
{
    private readonly ReadOnlySpan<byte> _descriptor;
    private readonly bool _partition;
    private readonly int _runs;
    private int _run;
    private long _inRun, _runCount;
    private long _start, _length, _stride;
    private PvfsPartition _part;
    private long _partNext, _partEnd;

    internal RegionBlockEnumerator(ReadOnlySpan<byte> descriptor)
    {
        _descriptor = descriptor;
        _partition = descriptor.Length > 0 && descriptor[0] == RegionDescriptor.KindPartition;
        _runs = !_partition && descriptor.Length >= 5 ? BinaryPrimitives.ReadInt32LittleEndian(descriptor[1..]) : 0;
        _run = -1;
        _inRun = _runCount = 0;
        _start = _length = _stride = 0;
        if (_partition)
        {
            _part = new PvfsPartition(Long(descriptor, 1), Long(descriptor, 9), Long(descriptor, 17));
            _partNext = Long(descriptor, 25);
            _partEnd = _partNext + Long(descriptor, 33);
        }
        else
        {
            _part = default;
            _partNext = _partEnd = 0;
        }
        Current = default;
        StreamOffset = 0;
        _streamNext = 0;
    }

    private long _streamNext;

    private static long Long(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadInt64LittleEndian(span[at..]);

    /// <summary>The current block.</summary>
    public FileBlock Current { get; private set; }

    /// <summary>Where the current block starts in the data stream.</summary>
    public long StreamOffset { get; private set; }

    /// <summary>Moves to the next block.</summary>
    public bool MoveNext()
    {
        if (_partition)
        {
            if (_partNext >= _partEnd)
                return false;
            long length;
            if (_part.IsContiguous)
                length = _partEnd - _partNext;
            else
                length = Math.Min(_part.GroupSize - _partNext % _part.GroupSize, _partEnd - _partNext);
            Current = new FileBlock(_part.FileOffset(_partNext), length);
            _partNext += length;
        }
        else
        {
            while (_inRun >= _runCount)
            {
                if (++_run >= _runs)
                    return false;
                int at = 5 + _run * RegionDescriptor.RunLength;
                _start = Long(_descriptor, at);
                _length = Long(_descriptor, at + 8);
                _stride = Long(_descriptor, at + 16);
                _runCount = Long(_descriptor, at + 24);
                _inRun = 0;
            }
            Current = new FileBlock(_start + _inRun * _stride, _length);
            _inRun++;
        }
        StreamOffset = _streamNext;
        _streamNext += Current.Length;
        return true;
    }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly RegionBlockEnumerator GetEnumerator() => this;
}
