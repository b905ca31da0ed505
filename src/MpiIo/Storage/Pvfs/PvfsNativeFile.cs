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
    private int ReadRegion(PvfsPartition p, long start, Span<byte> buffer, string name)
    {
        CheckOpen();
        CheckOffset(start, buffer.Length, name);
        if (buffer.IsEmpty)
            return 0;
        var reads = new ReadState(Layout.ServerCount <= 1024 ? stackalloc bool[Layout.ServerCount] : new bool[Layout.ServerCount]);
        Round pending = default;
        int pendingAt = 0, pendingLength = 0;
        try
        {
            for (int done = 0; done < buffer.Length;)
            {
                int chunk = Math.Min(RoundBytes, buffer.Length - done);
                byte[] descriptor = PartitionDescriptor(p, start + done, chunk, out int length);
                Round next = Start(descriptor, length, default, write: false);
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

        public readonly ReadOnlySpan<byte> Span => Descriptor.AsSpan(0, Length);
    }

    private byte[] RequestFrame(ReadOnlySpan<byte> descriptor, int server, long dataBytes, out int payload, out int dataAt)
    {
        payload = DataRequest.FixedLength + descriptor.Length + (int)dataBytes;
        byte[] frame = PvfsConnection.RentFrame(payload);
        var writer = new SpanWriter(frame.AsSpan(FrameHeader.Size, payload));
        DataRequest.WriteHead(ref writer, _handles[server], server, Layout);
        writer.WriteBytes(descriptor);
        dataAt = FrameHeader.Size + writer.Position;
        return frame;
    }

    // Sends one request per server holding part of the region; a write carries that server's I/O stream, its
    // pieces gathered from the caller's data in logical order. Takes over the descriptor.
    private Round Start(byte[] descriptor, int length, ReadOnlySpan<byte> data, bool write)
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
                byte[] frame = RequestFrame(region, k, write ? bytes : 0, out int payload, out int dataAt);
                if (write)
                {
                    Span<byte> target = frame.AsSpan(dataAt, (int)bytes);
                    int at = 0;
                    var blocks = RegionDescriptor.Blocks(region);
                    while (blocks.MoveNext())
                    {
                        foreach (StripePiece piece in StripeMath.PiecesOn(Layout, k, blocks.Current, blocks.StreamOffset))
                        {
                            data.Slice((int)piece.StreamOffset, (int)piece.Length).CopyTo(target[at..]);
                            at += (int)piece.Length;
                        }
                    }
                }
                round.Replies[k] = _client.Send(_servers[k], write ? PvfsOpcode.Write : PvfsOpcode.Read, frame, payload);
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
            ReadOnlySpan<byte> region = round.Span;
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
                if (payload.Length != 8 + expected)
                {
                    error = new StorageException(ErrorClass.IO, $"pvfs server {_client.AddressOf(_servers[k])}: read reply has {payload.Length - 8} bytes, expected {expected}");
                    continue;
                }
                var reader = new SpanReader(payload);
                reads.Saw(Layout, k, reader.ReadInt64("size"));
                ReadOnlySpan<byte> source = reader.Rest;
                int at = 0;
                var blocks = RegionDescriptor.Blocks(region);
                while (blocks.MoveNext())
                {
                    foreach (StripePiece piece in StripeMath.PiecesOn(Layout, k, blocks.Current, blocks.StreamOffset))
                    {
                        source.Slice(at, (int)piece.Length).CopyTo(buffer.Slice((int)piece.StreamOffset));
                        at += (int)piece.Length;
                    }
                }
            }
            if (error != null)
                throw error;
        }
        finally
        {
            Drop(ref round);
        }
    }

    // Ends a round early: replies still out finish on their own; the descriptor goes back to the pool.
    private static void Drop(ref Round round)
    {
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
    private ref struct ReadState(Span<bool> asked)
    {
        private readonly Span<bool> _asked = asked;
        private long _extent;

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
