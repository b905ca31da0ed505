using System.Buffers;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Server;

public sealed partial class PvfsServer
{
    /// <summary>A Read reply with at least this many data bytes is streamed from the bytestream (<see cref="ReadReplySender"/>); smaller ones are built in one frame.</summary>
    internal const int StreamedReadBytes = 64 << 10;

    private readonly ReadReplyTotals _readTotals = new();

    /// <summary>Environment variable: <c>0</c> builds every Read reply in memory (pread, then send), as before replies were streamed; for comparisons.</summary>
    public const string SendFileVariable = "MPIIO_PVFS_SENDFILE";

    /// <summary>Whether large Read replies are streamed (unless <see cref="SendFileVariable"/> is 0); false builds every reply in memory (tests compare the two).</summary>
    internal bool StreamReads { get; set; } = Environment.GetEnvironmentVariable(SendFileVariable) != "0";

    /// <summary>Read data bytes sendfile moved so far.</summary>
    internal long ReadBytesFromFile => _readTotals.SentFromFile;

    /// <summary>Read data bytes of streamed replies that were copied (short runs, zeros, pieces sent while waiting for room).</summary>
    internal long ReadBytesCopied => _readTotals.Copied;

    /// <summary>Times a streamed reply found the socket's send buffer full.</summary>
    internal long ReadRoomWaits => _readTotals.RoomWaits;

    /// <summary>A large read, checked and planned: the leased bytestream, its length and this server's runs (pooled).</summary>
    private readonly struct StreamedRead(OpenFiles.Lease lease, long length, ReadRun[] runs, int runCount, long bytes) : IDisposable
    {
        public OpenFiles.Lease Lease { get; } = lease;
        public long Length { get; } = length;
        public ReadRun[] Runs { get; } = runs;
        public int RunCount { get; } = runCount;
        public long Bytes { get; } = bytes;

        public void Dispose()
        {
            Lease.Dispose();
            ArrayPool<ReadRun>.Shared.Return(Runs);
        }
    }

    // A Read that can be streamed: well formed, large, its object open. Anything else (small, malformed, missing)
    // goes through Dispatch, which answers a bad request with the same error it always did.
    private bool TryPlanStreamedRead(ReadOnlySpan<byte> payload, out StreamedRead read)
    {
        read = default;
        if (_data == null || !StreamReads)
            return false;
        var reader = new SpanReader(payload);
        scoped DataRequest request;
        long bytes;
        try
        {
            request = DataRequest.Read(ref reader);
            reader.EnsureEnd("read request");
            bytes = DataRequest.BytesOn(request.Descriptor, request.Layout, request.Server);
        }
        catch (StorageException)
        {
            return false;
        }
        if (bytes < StreamedReadBytes || bytes > FrameHeader.MaxPayloadLength - 8)
            return false;
        OpenFiles.Lease lease;
        long length;
        try
        {
            lease = _data.Open(request.Handle);
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
        ReadRun[] runs = ArrayPool<ReadRun>.Shared.Rent(16);
        int count = 0;
        try
        {
            length = RandomAccess.GetLength(lease.File);
            var enumerator = new ServerRunEnumerator(request.Descriptor, request.Layout, request.Server);
            while (enumerator.MoveNext())
            {
                if (count == runs.Length)
                {
                    ReadRun[] larger = ArrayPool<ReadRun>.Shared.Rent(runs.Length * 2);
                    runs.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<ReadRun>.Shared.Return(runs);
                    runs = larger;
                }
                runs[count++] = new ReadRun(enumerator.LocalOffset, enumerator.Length);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lease.Dispose();
            ArrayPool<ReadRun>.Shared.Return(runs);
            return false;
        }
        read = new StreamedRead(lease, length, runs, count, bytes);
        return true;
    }

    // The reply goes out whole under the send lock. A failure once it started leaves the framing cut: the exception
    // ends the connection (the client fails that request, naming this server, and reconnects).
    private async Task SendStreamedReadAsync(ConnectionState state, FrameHeader header, StreamedRead read, CancellationToken stop)
    {
        try
        {
            await state.SendLock.WaitAsync(stop).ConfigureAwait(false);
            try
            {
                await state.Reads.SendAsync(header.RequestId, read.Lease.File, read.Length, read.Runs, read.RunCount, read.Bytes, stop)
                    .ConfigureAwait(false);
            }
            finally
            {
                state.SendLock.Release();
            }
        }
        catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && !stop.IsCancellationRequested)
        {
            // The connection loop warns with the cause when it closes; this says which reply was cut.
            _log.Write(LogLevel.Debug, _name, $"{state.Peer}: read #{header.RequestId} broken off: {e.Message}; closing");
            throw;
        }
        finally
        {
            read.Dispose();
        }
    }
}
