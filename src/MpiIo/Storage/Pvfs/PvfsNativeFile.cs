using System.Buffers;
using MpiIo.Mpi;
using MpiIo.Storage.Pvfs.Protocol;
using MpiIo.Storage.Striping;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// An open PVFS file of the native API (PVFS1's pvfs_read/pvfs_write and the partitioned-file interface). Every
/// access becomes one region descriptor sent, unchanged, to each server holding part of it, all at once; each
/// server moves only its own bytes. Accesses larger than <see cref="RoundBytes"/> go in several such rounds.
/// Positional calls are thread-safe; the partition and its file pointer belong to one thread at a time.
/// </summary>
public sealed class PvfsNativeFile : IDisposable
{
    /// <summary>Most blocks of a list access in one round (keeps descriptors small).</summary>
    public const int MaxBlocksPerRound = 65536;

    // Bytes of a server's write stream copied into the request frame; the rest is sent from the caller's data.
    private const int GatherBytes = 64 << 10;

    // A server's read stream this large is received straight into the caller's buffer; smaller ones are copied.
    private const int SinkBytes = 64 << 10;

    private readonly PvfsClient _client;
    private readonly int[] _servers;
    private readonly ulong[] _handles;
    private bool _disposed;

    internal PvfsNativeFile(PvfsClient client, string path, PvfsAttributes attributes)
    {
        _client = client;
        Path = path;
        Attributes = attributes;
        Layout = attributes.Layout;
        _servers = [.. attributes.Servers];
        _handles = [.. attributes.DataHandles];
        RoundBytes = (int)Math.Min(32L << 20, (8L << 20) * Layout.ServerCount);
    }

    /// <summary>The file's path in the PVFS namespace.</summary>
    public string Path { get; }

    /// <summary>The attributes read at open.</summary>
    public PvfsAttributes Attributes { get; }

    /// <summary>The file's distribution.</summary>
    public StripingLayout Layout { get; }

    /// <summary>Most bytes of one round (one request per server); bounds every frame.</summary>
    public int RoundBytes { get; }

    /// <summary>The partition set by <see cref="SetPartition(PvfsPartition)"/> (the whole file by default).</summary>
    public PvfsPartition Partition { get; private set; }

    /// <summary>The file pointer of <see cref="Read"/> and <see cref="Write"/>, in partition bytes.</summary>
    public long Position { get; set; }

    /// <summary>Sets the partition {offset, gsize, stride} (PVFS's <c>ioctl(SETPART)</c>); see <see cref="SetPartition(PvfsPartition)"/>.</summary>
    public void SetPartition(long offset, long groupSize, long stride) => SetPartition(new PvfsPartition(offset, groupSize, stride));

    /// <summary>Sets the partition (PVFS's <c>ioctl(SETPART)</c>): local to this handle, and resets the file pointer to 0.</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_ARG</c> naming the bad field.</exception>
    public void SetPartition(PvfsPartition partition)
    {
        partition.Validate();
        Partition = partition;
        Position = 0;
    }

    private void CheckOpen()
    {
        if (_disposed)
            throw new StorageException(ErrorClass.File, $"pvfs: '{Path}' is closed");
    }

    private static void CheckOffset(long offset, long length, string name)
    {
        if (offset < 0)
            throw new StorageException(ErrorClass.Arg, $"pvfs: {name} must not be negative, got {offset}");
        if (offset > RegionDescriptor.MaxOffset - length)
            throw new StorageException(ErrorClass.Arg, $"pvfs: {name} {offset} + {length} bytes passes the largest offset 2^62");
    }

    /// <summary>Reads at a file offset (pvfs_read after lseek); fewer bytes only at end of file.</summary>
    /// <returns>Bytes read.</returns>
    public int ReadAt(long offset, Span<byte> buffer) => ReadRegion(PvfsPartition.Whole, offset, buffer, "offset");

    /// <summary>Writes at a file offset, extending the file as needed (pvfs_write after lseek).</summary>
    public void WriteAt(long offset, ReadOnlySpan<byte> data) => WriteRegion(PvfsPartition.Whole, offset, data, "offset");

    /// <summary>List read: the bytes of <paramref name="blocks"/>, in order, into <paramref name="buffer"/>; bytes past end of file read as zero.</summary>
    /// <returns>Bytes that lay before end of file.</returns>
    public long ReadList(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer)
    {
        CheckOpen();
        long total = CheckList(blocks, buffer.Length, out long end);
        var reads = new ReadState(Layout.ServerCount <= 1024 ? stackalloc bool[Layout.ServerCount] : new bool[Layout.ServerCount]);
        FileBlock[] chunk = ArrayPool<FileBlock>.Shared.Rent(Math.Min(MaxBlocksPerRound, Math.Max(1, blocks.Length)));
        try
        {
            var cursor = new ListCursor();
            while (cursor.Next(blocks, chunk, RoundBytes, out int count, out long streamStart, out long bytes))
                ReadBlocksRound(chunk.AsSpan(0, count), buffer.Slice((int)streamStart, (int)bytes), ref reads);
        }
        finally
        {
            ArrayPool<FileBlock>.Shared.Return(chunk);
        }
        if (total == 0)
            return 0;
        long size = reads.Size(this, end);
        if (size >= end)
            return total;
        long before = 0;
        foreach (FileBlock block in blocks)
            before += Math.Clamp(size - block.Offset, 0, block.Length);
        return before;
    }

    /// <summary>List write: consecutive pieces of <paramref name="data"/> to <paramref name="blocks"/>, in order.</summary>
    public void WriteList(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data)
    {
        CheckOpen();
        CheckList(blocks, data.Length, out _);
        FileBlock[] chunk = ArrayPool<FileBlock>.Shared.Rent(Math.Min(MaxBlocksPerRound, Math.Max(1, blocks.Length)));
        try
        {
            var cursor = new ListCursor();
            while (cursor.Next(blocks, chunk, RoundBytes, out int count, out long streamStart, out long bytes))
                WriteBlocksRound(chunk.AsSpan(0, count), data.Slice((int)streamStart, (int)bytes));
        }
        finally
        {
            ArrayPool<FileBlock>.Shared.Return(chunk);
        }
    }

    private static long CheckList(ReadOnlySpan<FileBlock> blocks, int bufferLength, out long end)
    {
        long total = 0;
        end = 0;
        for (int i = 0; i < blocks.Length; i++)
        {
            FileBlock b = blocks[i];
            if (b.Length < 0)
                throw new StorageException(ErrorClass.Arg, $"pvfs: blocks[{i}].Length must not be negative, got {b.Length}");
            CheckOffset(b.Offset, b.Length, $"blocks[{i}].Offset");
            total += b.Length;
            if (b.Length > 0)
                end = Math.Max(end, b.End);
        }
        if (total != bufferLength)
            throw new StorageException(ErrorClass.Arg, $"pvfs: the blocks hold {total} bytes but the buffer has {bufferLength}");
        return total;
    }

    /// <summary>Reads partition bytes at the file pointer and advances it (pvfs_read on a partitioned file).</summary>
    /// <returns>Bytes read; fewer than asked only at end of file.</returns>
    public int Read(Span<byte> buffer)
    {
        int n = ReadPartitionAt(Position, buffer);
        Position += n;
        return n;
    }

    /// <summary>Writes partition bytes at the file pointer and advances it (pvfs_write on a partitioned file).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        WritePartitionAt(Position, data);
        Position += data.Length;
    }

    /// <summary>Reads partition bytes [<paramref name="partitionOffset"/>, +length) — one descriptor per round to every server.</summary>
    /// <returns>Bytes read; fewer only at end of file.</returns>
    public int ReadPartitionAt(long partitionOffset, Span<byte> buffer) => ReadRegion(Partition, partitionOffset, buffer, "partition offset");

    /// <summary>Writes partition bytes at <paramref name="partitionOffset"/>.</summary>
    public void WritePartitionAt(long partitionOffset, ReadOnlySpan<byte> data) => WriteRegion(Partition, partitionOffset, data, "partition offset");

    // A contiguous or partitioned access in rounds of RoundBytes, two rounds in flight: while the servers work
    // on one, the next is already sent (reads) or gathered and sent (writes). Rounds never overlap in the file.
    private unsafe int ReadRegion(PvfsPartition p, long start, Span<byte> buffer, string name)
    {
        CheckOpen();
        CheckOffset(start, buffer.Length, name);
        if (buffer.IsEmpty)
            return 0;
        var reads = new ReadState(Layout.ServerCount <= 1024 ? stackalloc bool[Layout.ServerCount] : new bool[Layout.ServerCount]);
        Round pending = default;
        int pendingAt = 0, pendingLength = 0;
        // Pinned until every round is finished or dropped: large replies are received straight into it.
        fixed (byte* pinned = buffer)
        {
            try
            {
                for (int done = 0; done < buffer.Length;)
                {
                    int chunk = Math.Min(RoundBytes, buffer.Length - done);
                    byte[] descriptor = PartitionDescriptor(p, start + done, chunk, out int length);
                    Round next = Start(descriptor, length, default, write: false, pinned + done, chunk);
                    try
                    {
                        if (pending.Descriptor != null)
                            FinishRead(ref pending, buffer.Slice(pendingAt, pendingLength), ref reads);
                    }
                    catch
                    {
                        Drop(ref next);
                        throw;
                    }
                    pending = next;
                    pendingAt = done;
                    pendingLength = chunk;
                    done += chunk;
                }
                FinishRead(ref pending, buffer.Slice(pendingAt, pendingLength), ref reads);
            }
            finally
            {
                Drop(ref pending);
            }
        }
        long end = p.FileOffset(start + buffer.Length - 1) + 1;
        long size = reads.Size(this, end);
        return (int)Math.Clamp(PartitionBytesBefore(p, size) - start, 0, buffer.Length);
    }

    private void WriteRegion(PvfsPartition p, long start, ReadOnlySpan<byte> data, string name)
    {
        CheckOpen();
        CheckOffset(start, data.Length, name);
        Round pending = default;
        try
        {
            for (int done = 0; done < data.Length;)
            {
                int chunk = Math.Min(RoundBytes, data.Length - done);
                byte[] descriptor = PartitionDescriptor(p, start + done, chunk, out int length);
                Round next = Start(descriptor, length, data.Slice(done, chunk), write: true);
                try
                {
                    if (pending.Descriptor != null)
                        FinishWrite(ref pending);
                }
                catch
                {
                    Drop(ref next);
                    throw;
                }
                pending = next;
                done += chunk;
            }
            if (pending.Descriptor != null)
                FinishWrite(ref pending);
        }
        finally
        {
            Drop(ref pending);
        }
    }

    // Partition bytes whose file offset lies below fileSize.
    private static long PartitionBytesBefore(PvfsPartition p, long fileSize)
    {
        long rel = fileSize - p.Offset;
        if (rel <= 0)
            return 0;
        if (p.IsContiguous)
            return rel;
        return rel / p.Stride * p.GroupSize + Math.Min(rel % p.Stride, p.GroupSize);
    }

    private static byte[] PartitionDescriptor(PvfsPartition p, long start, long length, out int encoded)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(RegionDescriptor.PartitionLength);
        var writer = new SpanWriter(buffer);
        RegionDescriptor.WritePartition(ref writer, p, start, length);
        encoded = writer.Position;
        return buffer;
    }

    private static byte[] BlocksDescriptor(ReadOnlySpan<FileBlock> blocks, out int encoded)
    {
        int runs = RegionDescriptor.CountRuns(blocks);
        encoded = RegionDescriptor.RunsLength(runs);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(encoded);
        var writer = new SpanWriter(buffer.AsSpan(0, encoded));
        RegionDescriptor.WriteBlocks(ref writer, blocks, runs);
        return buffer;
    }

    private void ReadBlocksRound(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer, ref ReadState reads)
    {
        byte[] descriptor = BlocksDescriptor(blocks, out int length);
        Round round = Start(descriptor, length, default, write: false);
        FinishRead(ref round, buffer, ref reads);
    }

    private void WriteBlocksRound(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data)
    {
        byte[] descriptor = BlocksDescriptor(blocks, out int length);
        Round round = Start(descriptor, length, data, write: true);
        FinishWrite(ref round);
    }

    /// <summary>One round in flight: its descriptor (rented; returned when the round ends) and its replies.</summary>
    private struct Round
    {
        public byte[]? Descriptor;
        public int Length;
        public Task<PvfsResponse>?[]? Replies;
        public PvfsReadSink?[]? Sinks;

        public readonly ReadOnlySpan<byte> Span => Descriptor.AsSpan(0, Length);
    }

    private byte[] RequestFrame(ReadOnlySpan<byte> descriptor, int server, long framedData, out int head)
    {
        head = DataRequest.FixedLength + descriptor.Length;
        byte[] frame = PvfsConnection.RentFrame(head + (int)framedData);
        var writer = new SpanWriter(frame.AsSpan(FrameHeader.Size, head));
        DataRequest.WriteHead(ref writer, _handles[server], server, Layout);
        writer.WriteBytes(descriptor);
        return frame;
    }

    // Sends one request per server holding part of the region. A write carries that server's I/O stream, its pieces
    // in logical order: up to GatherBytes of it are copied into the request's frame (one send for small writes), the
    // rest goes to the socket straight from the caller's data. Takes over the descriptor.
    // A read with `readTo` (the round's part of a pinned buffer) has each server's stream of SinkBytes or more received
    // straight into place; the buffer must stay pinned until the round is finished or dropped.
    private unsafe Round Start(byte[] descriptor, int length, ReadOnlySpan<byte> data, bool write)
        => Start(descriptor, length, data, write, null, 0);

    private unsafe Round Start(byte[] descriptor, int length, ReadOnlySpan<byte> data, bool write, byte* readTo, int readLength)
    {
        var round = new Round { Descriptor = descriptor, Length = length, Replies = new Task<PvfsResponse>?[Layout.ServerCount] };
        try
        {
            ReadOnlySpan<byte> region = round.Span;
            for (int k = 0; k < round.Replies.Length; k++)
            {
                long bytes = DataRequest.BytesOn(region, Layout, k);
                if (bytes == 0)
                    continue;
                if (!write)
                {
                    byte[] request = RequestFrame(region, k, 0, out int head);
                    PvfsReadSink? sink = null;
                    if (readTo != null && bytes >= SinkBytes)
                    {
                        round.Sinks ??= new PvfsReadSink?[Layout.ServerCount];
                        round.Sinks[k] = sink = new PvfsReadSink(readTo, readLength, descriptor, length, Layout, k, bytes);
                    }
                    round.Replies[k] = _client.Send(_servers[k], PvfsOpcode.Read, request, head, sink);
                    continue;
                }
                int framed = (int)Math.Min(bytes, GatherBytes);
                byte[] frame = RequestFrame(region, k, framed, out int headLength);
                Span<byte> target = frame.AsSpan(FrameHeader.Size + headLength, framed);
                var runs = new ServerRunEnumerator(region, Layout, k, byStream: true);
                while (runs.MoveNext() && runs.Position < framed)
                {
                    int n = (int)Math.Min(runs.Length, framed - runs.Position);
                    data.Slice((int)runs.StreamOffset, n).CopyTo(target[(int)runs.Position..]);
                }
                round.Replies[k] = _client.Send(_servers[k], PvfsOpcode.Write, frame, headLength + (int)bytes, headLength + framed,
                    data, new ServerRunEnumerator(region, Layout, k, byStream: true), framed);
            }
            return round;
        }
        catch
        {
            Drop(ref round);
            throw;
        }
    }

    private void FinishWrite(ref Round round)
    {
        Task<PvfsResponse>?[] replies = round.Replies!;
        round.Replies = null; // from here WaitAll owns every reply, also on failure
        try
        {
            _client.WaitAll(replies, _servers);
            PvfsClient.Release(replies);
        }
        finally
        {
            Drop(ref round);
        }
    }

    // Waits for a read round and scatters each server's I/O stream back to its pieces' places in the buffer.
    private void FinishRead(ref Round round, Span<byte> buffer, ref ReadState reads)
    {
        Task<PvfsResponse>?[] replies = round.Replies!;
        round.Replies = null;
        try
        {
            _client.WaitAll(replies, _servers);
            Scatter(replies, round.Span, buffer, ref reads);
        }
        finally
        {
            Drop(ref round);
        }
    }

    // Takes over every (successful) reply of a finished read round.
    private void Scatter(Task<PvfsResponse>?[] replies, ReadOnlySpan<byte> region, Span<byte> buffer, ref ReadState reads)
    {
        StorageException? error = null;
        for (int k = 0; k < replies.Length; k++)
        {
            if (replies[k] == null)
                continue;
            using PvfsResponse reply = replies[k]!.Result;
            if (error != null)
                continue;
            long expected = DataRequest.BytesOn(region, Layout, k);
            ReadOnlySpan<byte> payload = reply.Payload;
            if (reply.Delivered)
            {
                // The receive thread checked the length and put the data in place already.
                var sizeOnly = new SpanReader(payload);
                reads.Saw(Layout, k, sizeOnly.ReadInt64("size"));
                continue;
            }
            if (payload.Length != 8 + expected)
            {
                error = new StorageException(ErrorClass.IO, $"pvfs server {_client.AddressOf(_servers[k])}: read reply has {payload.Length - 8} bytes, expected {expected}");
                continue;
            }
            var reader = new SpanReader(payload);
            reads.Saw(Layout, k, reader.ReadInt64("size"));
            ReadOnlySpan<byte> source = reader.Rest;
            var runs = new ServerRunEnumerator(region, Layout, k, byStream: true);
            while (runs.MoveNext())
                source.Slice((int)runs.Position, (int)runs.Length).CopyTo(buffer.Slice((int)runs.StreamOffset));
        }
        if (error != null)
            throw error;
    }

    /// <summary>
    /// Reads at a file offset like <see cref="ReadAt"/>, without blocking a thread while the servers work: many such
    /// calls may be in flight at once on one handle (the protocol tags every request). The requests are sent on the
    /// caller's thread; <paramref name="buffer"/> must stay untouched until the task ends.
    /// </summary>
    /// <returns>Bytes read; fewer only at end of file.</returns>
    public async Task<int> ReadAtAsync(long offset, Memory<byte> buffer)
    {
        CheckOpen();
        CheckOffset(offset, buffer.Length, "offset");
        if (buffer.IsEmpty)
            return 0;
        bool[] asked = new bool[Layout.ServerCount];
        long extent = 0;
        using MemoryHandle pin = buffer.Pin();
        for (int done = 0; done < buffer.Length;)
        {
            int chunk = Math.Min(RoundBytes, buffer.Length - done);
            byte[] descriptor = PartitionDescriptor(PvfsPartition.Whole, offset + done, chunk, out int length);
            Round round = StartRead(descriptor, length, pin, done, chunk);
            Task<PvfsResponse>?[] replies = round.Replies!;
            round.Replies = null;
            try
            {
                await _client.WaitAllAsync(replies, _servers).ConfigureAwait(false);
                extent = ScatterRound(replies, round, buffer.Span.Slice(done, chunk), asked, extent);
            }
            finally
            {
                Drop(ref round);
            }
            done += chunk;
        }
        long size = new ReadState(asked, extent).Size(this, offset + buffer.Length);
        return (int)Math.Clamp(size - offset, 0, buffer.Length);
    }

    private unsafe Round StartRead(byte[] descriptor, int length, in MemoryHandle pin, int at, int chunk)
        => Start(descriptor, length, default, write: false, (byte*)pin.Pointer + at, chunk);

    private long ScatterRound(Task<PvfsResponse>?[] replies, in Round round, Span<byte> buffer, bool[] asked, long extent)
    {
        var reads = new ReadState(asked, extent);
        Scatter(replies, round.Span, buffer, ref reads);
        return reads.Extent;
    }

    /// <summary>
    /// Writes at a file offset like <see cref="WriteAt"/>, without blocking a thread while the servers work; see
    /// <see cref="ReadAtAsync"/>. <paramref name="data"/> is sent before the first wait, but must stay untouched
    /// until the task ends when the access takes several rounds.
    /// </summary>
    public async Task WriteAtAsync(long offset, ReadOnlyMemory<byte> data)
    {
        CheckOpen();
        CheckOffset(offset, data.Length, "offset");
        for (int done = 0; done < data.Length;)
        {
            int chunk = Math.Min(RoundBytes, data.Length - done);
            byte[] descriptor = PartitionDescriptor(PvfsPartition.Whole, offset + done, chunk, out int length);
            Round round = Start(descriptor, length, data.Span.Slice(done, chunk), write: true);
            Task<PvfsResponse>?[] replies = round.Replies!;
            round.Replies = null;
            try
            {
                await _client.WaitAllAsync(replies, _servers).ConfigureAwait(false);
                PvfsClient.Release(replies);
            }
            finally
            {
                Drop(ref round);
            }
            done += chunk;
        }
    }

    // Ends a round early: replies still out finish on their own; the descriptor goes back to the pool.
    private static void Drop(ref Round round)
    {
        // Sinks first: once this returns nothing writes into the caller's buffer, and the descriptor they read is still there.
        if (round.Sinks != null)
            foreach (PvfsReadSink? sink in round.Sinks)
                sink?.Cancel();
        round.Sinks = null;
        if (round.Replies != null)
            PvfsClient.Abandon(round.Replies);
        round.Replies = null;
        if (round.Descriptor != null)
            ArrayPool<byte>.Shared.Return(round.Descriptor);
        round.Descriptor = null;
    }

    /// <summary>The logical size (every data object's size, in parallel).</summary>
    public long GetSize()
    {
        CheckOpen();
        return _client.FileSize(Attributes);
    }

    /// <summary>Truncates or extends the file: every data object is set to its share of <paramref name="size"/>, in parallel.</summary>
    public void SetSize(long size)
    {
        CheckOpen();
        CheckOffset(size, 0, "size");
        Span<long> local = Layout.ServerCount <= 256 ? stackalloc long[Layout.ServerCount] : new long[Layout.ServerCount];
        for (int k = 0; k < local.Length; k++)
            local[k] = StripeMath.LocalSize(Layout, size, k);
        PvfsClient.Release(_client.ToDataObjects(PvfsOpcode.Truncate, _servers, _handles, local, default));
    }

    /// <summary>Makes every data object durable (fsync on each server, in parallel).</summary>
    public void Flush()
    {
        CheckOpen();
        PvfsClient.Release(_client.ToDataObjects(PvfsOpcode.Flush, _servers, _handles, default, default));
    }

    /// <summary>Closes the handle (the client and its connections stay open).</summary>
    public void Dispose() => _disposed = true;

    /// <summary>What a read learned about end of file from the servers it asked.</summary>
    private ref struct ReadState(Span<bool> asked, long extent = 0)
    {
        private readonly Span<bool> _asked = asked;
        private long _extent = extent;

        /// <summary>The logical extent the asked servers showed so far.</summary>
        public readonly long Extent => _extent;

        public void Saw(in StripingLayout layout, int server, long localSize)
        {
            _asked[server] = true;
            _extent = Math.Max(_extent, StripeMath.LogicalExtent(layout, server, localSize));
        }

        // The logical size if it matters below `end`: the asked servers settle it when one of them reaches
        // `end`; otherwise a server not asked may hold later bytes, so ask those.
        public readonly long Size(PvfsNativeFile file, long end)
        {
            if (_extent >= end)
                return _extent;
            int count = _asked.Length;
            Span<long> sizes = count <= 256 ? stackalloc long[count] : new long[count];
            file._client.DataSizes(file.Attributes, _asked, sizes);
            long size = _extent;
            for (int k = 0; k < count; k++)
                if (!_asked[k])
                    size = Math.Max(size, StripeMath.LogicalExtent(file.Layout, k, sizes[k]));
            return size;
        }
    }

    /// <summary>Cuts a block list into rounds of at most <see cref="MaxBlocksPerRound"/> blocks and a byte budget, splitting big blocks.</summary>
    private struct ListCursor
    {
        private int _index;
        private long _within, _stream;

        public bool Next(ReadOnlySpan<FileBlock> blocks, FileBlock[] chunk, long budget, out int count, out long streamStart, out long bytes)
        {
            count = 0;
            bytes = 0;
            streamStart = _stream;
            while (_index < blocks.Length && count < chunk.Length && bytes < budget)
            {
                FileBlock b = blocks[_index];
                long take = Math.Min(b.Length - _within, budget - bytes);
                if (take > 0)
                    chunk[count++] = new FileBlock(b.Offset + _within, take);
                _within += take;
                bytes += take;
                if (_within >= b.Length)
                {
                    _index++;
                    _within = 0;
                }
            }
            _stream += bytes;
            return count > 0;
        }
    }
}
