using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Algorithms;

public static partial class DataSieving
{
    /// <summary>
    /// The access as a stream of pieces: blocks pulled from the source a batch at a time, zero-length ones
    /// skipped, each checked against the previous one and against the data length, and consumable in part
    /// (a window may take the front of a block and leave the rest for the next).
    /// </summary>
    private struct PieceStream
    {
        private readonly IBlockSource _source;
        private readonly FileBlock[] _batch;
        private readonly int _dataLength;
        private int _count, _next;
        private bool _exhausted, _current;
        private long _offset, _length, _previousEnd;
        private int _position;

        internal PieceStream(IBlockSource source, FileBlock[] batch, int dataLength)
        {
            _source = source;
            _batch = batch;
            _dataLength = dataLength;
        }

        /// <summary>Where in the data stream the current piece begins.</summary>
        internal readonly int DataPosition => _position;

        /// <summary>The current piece, loading the next block when the current one is used up.</summary>
        /// <returns>False when the access is exhausted.</returns>
        internal bool Peek(out long offset, out long length)
        {
            while (!_current && !_exhausted)
                LoadNext();
            offset = _offset;
            length = _length;
            return _current;
        }

        /// <summary>Takes the first <paramref name="bytes"/> of the current piece.</summary>
        internal void Consume(long bytes)
        {
            _offset += bytes;
            _length -= bytes;
            _position += (int)bytes;
            _current = _length > 0;
        }

        private void LoadNext()
        {
            if (_next == _count)
            {
                _count = _source.Fill(_batch);
                _next = 0;
                if (_count <= 0)
                {
                    if (_count < 0)
                        throw new MpiException(ErrorClass.Arg, $"blocks.Fill returned {_count}.");
                    _exhausted = true;
                    return;
                }
                if (_count > _batch.Length)
                    throw new MpiException(ErrorClass.Arg, $"blocks.Fill returned {_count} for room of {_batch.Length}.");
            }
            FileBlock b = _batch[_next++];
            if (b.Offset < 0 || b.Length < 0 || b.Length > long.MaxValue - b.Offset)
                throw new MpiException(ErrorClass.Arg, $"blocks: block ({b.Offset}, {b.Length}) is negative or overflows.");
            if (b.Length == 0)
                return;
            if (b.Offset < _previousEnd)
                throw new MpiException(ErrorClass.Arg, $"blocks: block at {b.Offset} starts before the previous block's end {_previousEnd}; blocks must be nondecreasing and not overlap.");
            if (b.Length > _dataLength - _position)
                throw new MpiException(ErrorClass.Arg, $"data: {_dataLength} bytes is shorter than the blocks describe (block ({b.Offset}, {b.Length}) at data byte {_position}).");
            _offset = b.Offset;
            _length = b.Length;
            _previousEnd = b.End;
            _current = true;
        }
    }
}
