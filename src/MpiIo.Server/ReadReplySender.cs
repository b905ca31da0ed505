using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Server;

/// <summary>One run of a read reply: bytes of the bytestream from <paramref name="LocalOffset"/>, in reply order.</summary>
internal readonly record struct ReadRun(long LocalOffset, long Length);

/// <summary>Totals over many streamed replies (a server's), updated after each reply went out whole.</summary>
internal sealed class ReadReplyTotals
{
    private long _fromFile, _copied, _roomWaits;

    /// <summary>Data bytes sendfile moved.</summary>
    public long SentFromFile => Interlocked.Read(ref _fromFile);

    /// <summary>Data bytes copied (short runs, zeros, pieces sent while waiting for room).</summary>
    public long Copied => Interlocked.Read(ref _copied);

    /// <summary>Times a send buffer was full.</summary>
    public long RoomWaits => Interlocked.Read(ref _roomWaits);

    /// <summary>Adds one reply's counts.</summary>
    public void Add(in ReadReplyCounts counts)
    {
        Interlocked.Add(ref _fromFile, counts.SentFromFile);
        Interlocked.Add(ref _copied, counts.Copied);
        Interlocked.Add(ref _roomWaits, counts.RoomWaits);
    }
}

/// <summary>What one streamed reply moved, and how.</summary>
/// <param name="SentFromFile">Data bytes sendfile moved from the bytestream to the socket.</param>
/// <param name="Copied">Data bytes read into memory first (short runs, bytes past the end, pieces sent while waiting for room).</param>
/// <param name="RoomWaits">Times the socket's send buffer was full.</param>
internal readonly record struct ReadReplyCounts(long SentFromFile, long Copied, long RoomWaits);

/// <summary>
/// Sends a Read reply (protocol v1, byte for byte what the copying path sends: header, the bytestream's length,
/// then this server's part of the region in order) with its data taken from the bytestream as it goes out. Runs
/// of at least <see cref="SendFileRunBytes"/> inside the bytestream go by sendfile(2), one copy fewer and no
/// server buffer; shorter runs and zeros (holes past the end) are gathered into a pooled staging buffer, so a
/// strided reply of many small pieces still leaves in large sends. A bytestream that shrinks under the reply reads
/// as zeros from its new end, so the frame keeps the length its header announced.
/// </summary>
/// <remarks>
/// The caller holds the connection's send lock for the whole reply, so replies never interleave. The socket is
/// non-blocking once the runtime ran an asynchronous operation on it; when sendfile finds its send buffer full,
/// the next <see cref="WaitPieceBytes"/> go through the runtime's asynchronous send, which waits for room without
/// holding a thread, and sendfile takes over again once that piece is out.
/// </remarks>
internal sealed class ReadReplySender(Socket socket, Stream stream, ReadReplyTotals? totals = null)
{
    /// <summary>Runs at least this long are sent from the file; shorter ones are copied into the staging buffer, so many small pieces leave in few sends (not tuned by measurement).</summary>
    public const int SendFileRunBytes = 64 << 10;

    private const int StagingBytes = 256 << 10;

    /// <summary>Bytes sent through the asynchronous send after sendfile found the socket full.</summary>
    public const int WaitPieceBytes = 16 << 10;

    private byte[] _staging = [];
    private int _staged;
    private long _fromFile, _copied, _waits;

    /// <summary>Sends the reply to request <paramref name="requestId"/>: its <paramref name="runCount"/> runs, <paramref name="bytes"/> data bytes in all.</summary>
    /// <param name="requestId">The request's id.</param>
    /// <param name="file">The bytestream (leased by the caller for the whole call).</param>
    /// <param name="length">The bytestream's length, taken before: the reply's size field; bytes at or past it are zeros.</param>
    /// <param name="runs">The runs in reply order.</param>
    /// <param name="runCount">Runs used in <paramref name="runs"/>.</param>
    /// <param name="bytes">Sum of the runs' lengths.</param>
    /// <param name="cancel">Server stop.</param>
    /// <returns>What this reply moved, and how (also added to the totals given at construction).</returns>
    /// <exception cref="IOException">The socket or the file failed; the reply may be cut, so the connection must close.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadReplyCounts> SendAsync(ulong requestId, SafeFileHandle file, long length, ReadRun[] runs, int runCount, long bytes,
        CancellationToken cancel)
    {
        _staging = ArrayPool<byte>.Shared.Rent(StagingBytes);
        _fromFile = _copied = _waits = 0;
        try
        {
            new FrameHeader(PvfsOpcode.Read, requestId, checked(8 + (int)bytes), 0).Write(_staging);
            BinaryPrimitives.WriteInt64LittleEndian(_staging.AsSpan(FrameHeader.Size), length);
            _staged = FrameHeader.Size + 8;
            for (int i = 0; i < runCount; i++)
            {
                ReadRun run = runs[i];
                long inside = Math.Clamp(length - run.LocalOffset, 0, run.Length);
                if (inside >= SendFileRunBytes && SendFile.IsSupported)
                    await SendFromFileAsync(file, run.LocalOffset, inside, cancel).ConfigureAwait(false);
                else if (inside > 0)
                    await CopyAsync(file, run.LocalOffset, inside, cancel).ConfigureAwait(false);
                if (run.Length > inside)
                    await ZerosAsync(run.Length - inside, cancel).ConfigureAwait(false);
            }
            await FlushAsync(cancel).ConfigureAwait(false);
            var counts = new ReadReplyCounts(_fromFile, _copied, _waits);
            totals?.Add(counts);
            return counts;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_staging);
            _staging = [];
            _staged = 0;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendFromFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancel)
    {
        await FlushAsync(cancel).ConfigureAwait(false);
        while (count > 0)
        {
            long before = count;
            SendFileOutcome outcome = SendFile.Send(socket.SafeHandle, file, ref offset, ref count);
            _fromFile += before - count;
            if (outcome == SendFileOutcome.WouldBlock)
            {
                _waits++;
                int piece = (int)Math.Min(count, WaitPieceBytes);
                await CopyAsync(file, offset, piece, cancel).ConfigureAwait(false);
                await FlushAsync(cancel).ConfigureAwait(false);
                offset += piece;
                count -= piece;
            }
            else if (outcome == SendFileOutcome.EndOfFile)
            {
                await ZerosAsync(count, cancel).ConfigureAwait(false);
                count = 0;
            }
        }
    }

    // pread into the staging buffer; a file that ended early (it shrank) leaves zeros.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CopyAsync(SafeFileHandle file, long offset, long count, CancellationToken cancel)
    {
        _copied += count;
        while (count > 0)
        {
            if (_staged == _staging.Length)
                await FlushAsync(cancel).ConfigureAwait(false);
            int room = (int)Math.Min(count, _staging.Length - _staged);
            Stage(file, offset, room);
            offset += room;
            count -= room;
        }
    }

    private void Stage(SafeFileHandle file, long offset, int length)
    {
        Span<byte> target = _staging.AsSpan(_staged, length);
        int got = 0;
        while (got < length)
        {
            int n = RandomAccess.Read(file, target[got..], offset + got);
            if (n == 0)
                break;
            got += n;
        }
        target[got..].Clear();
        _staged += length;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ZerosAsync(long count, CancellationToken cancel)
    {
        _copied += count;
        while (count > 0)
        {
            if (_staged == _staging.Length)
                await FlushAsync(cancel).ConfigureAwait(false);
            int room = (int)Math.Min(count, _staging.Length - _staged);
            _staging.AsSpan(_staged, room).Clear();
            _staged += room;
            count -= room;
        }
    }

    private ValueTask FlushAsync(CancellationToken cancel)
    {
        if (_staged == 0)
            return ValueTask.CompletedTask;
        int staged = _staged;
        _staged = 0;
        return stream.WriteAsync(_staging.AsMemory(0, staged), cancel);
    }
}
