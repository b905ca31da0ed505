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
    public int ReadAt(long offset, Span<byte> buffer)
    {
        CheckOpen();
        CheckOffset(offset, buffer.Length, "offset");
        if (buffer.IsEmpty)
            return 0;
        var reads = new ReadState(Layout.ServerCount <= 1024 ? stackalloc bool[Layout.ServerCount] : new bool[Layout.ServerCount]);
        Span<FileBlock> one = stackalloc FileBlock[1];
        for (long done = 0; done < buffer.Length;)
        {
            int chunk = (int)Math.Min(RoundBytes, buffer.Length - done);
            one[0] = new FileBlock(offset + done, chunk);
            ReadBlocksRound(one, buffer.Slice((int)done, chunk), ref reads);
            done += chunk;
        }
        long size = reads.Size(this, offset + buffer.Length);
        return (int)Math.Clamp(size - offset, 0, buffer.Length);
    }

    /// <summary>Writes at a file offset, extending the file as needed (pvfs_write after lseek).</summary>
    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        CheckOpen();
        CheckOffset(offset, data.Length, "offset");
        Span<FileBlock> one = stackalloc FileBlock[1];
        for (long done = 0; done < data.Length;)
        {
            int chunk = (int)Math.Min(RoundBytes, data.Length - done);
            one[0] = new FileBlock(offset + done, chunk);
            WriteBlocksRound(one, data.Slice((int)done, chunk));
            done += chunk;
        }
    }

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
    public int ReadPartitionAt(long partitionOffset, Span<byte> buffer)
    {
        CheckOpen();
        CheckOffset(partitionOffset, buffer.Length, "partition offset");
        PvfsPartition p = Partition;
        if (buffer.Length == 0)
            return 0;
        var reads = new ReadState(Layout.ServerCount <= 1024 ? stackalloc bool[Layout.ServerCount] : new bool[Layout.ServerCount]);
        for (long done = 0; done < buffer.Length;)
        {
            int chunk = (int)Math.Min(RoundBytes, buffer.Length - done);
            byte[] descriptor = PartitionDescriptor(p, partitionOffset + done, chunk, out int length);
            try
            {
                ReadRound(descriptor.AsSpan(0, length), buffer.Slice((int)done, chunk), ref reads);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(descriptor);
            }
            done += chunk;
        }
        long end = p.FileOffset(partitionOffset + buffer.Length - 1) + 1;
        long size = reads.Size(this, end);
        return (int)Math.Clamp(PartitionBytesBefore(p, size) - partitionOffset, 0, buffer.Length);
    }

    /// <summary>Writes partition bytes at <paramref name="partitionOffset"/>.</summary>
    public void WritePartitionAt(long partitionOffset, ReadOnlySpan<byte> data)
    {
        CheckOpen();
        CheckOffset(partitionOffset, data.Length, "partition offset");
        PvfsPartition p = Partition;
        for (long done = 0; done < data.Length;)
        {
            int chunk = (int)Math.Min(RoundBytes, data.Length - done);
            byte[] descriptor = PartitionDescriptor(p, partitionOffset + done, chunk, out int length);
            try
            {
                WriteRound(descriptor.AsSpan(0, length), data.Slice((int)done, chunk));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(descriptor);
            }
            done += chunk;
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
        try
        {
            ReadRound(descriptor.AsSpan(0, length), buffer, ref reads);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(descriptor);
        }
    }

    private void WriteBlocksRound(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data)
    {
        byte[] descriptor = BlocksDescriptor(blocks, out int length);
        try
        {
            WriteRound(descriptor.AsSpan(0, length), data);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(descriptor);
        }
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

    private void WriteRound(ReadOnlySpan<byte> descriptor, ReadOnlySpan<byte> data)
    {
        var replies = new Task<PvfsResponse>?[Layout.ServerCount];
        try
        {
            for (int k = 0; k < replies.Length; k++)
            {
                long bytes = DataRequest.BytesOn(descriptor, Layout, k);
                if (bytes == 0)
                    continue;
                byte[] frame = RequestFrame(descriptor, k, bytes, out int payload, out int dataAt);
                Span<byte> target = frame.AsSpan(dataAt, (int)bytes);
                int at = 0;
                // Gather this server's I/O stream: its pieces in logical order.
                var blocks = RegionDescriptor.Blocks(descriptor);
                while (blocks.MoveNext())
                {
                    foreach (StripePiece piece in StripeMath.PiecesOn(Layout, k, blocks.Current, blocks.StreamOffset))
                    {
                        data.Slice((int)piece.StreamOffset, (int)piece.Length).CopyTo(target[at..]);
                        at += (int)piece.Length;
                    }
                }
                replies[k] = _client.Send(_servers[k], PvfsOpcode.Write, frame, payload);
            }
        }
        catch
        {
            PvfsClient.Abandon(replies);
            throw;
        }
        _client.WaitAll(replies, _servers);
        PvfsClient.Release(replies);
    }

    private void ReadRound(ReadOnlySpan<byte> descriptor, Span<byte> buffer, ref ReadState reads)
    {
        var replies = new Task<PvfsResponse>?[Layout.ServerCount];
        Span<long> expected = replies.Length <= 256 ? stackalloc long[replies.Length] : new long[replies.Length];
        try
        {
            for (int k = 0; k < replies.Length; k++)
            {
                expected[k] = DataRequest.BytesOn(descriptor, Layout, k);
                if (expected[k] == 0)
                    continue;
                byte[] frame = RequestFrame(descriptor, k, 0, out int payload, out _);
                replies[k] = _client.Send(_servers[k], PvfsOpcode.Read, frame, payload);
            }
        }
        catch
        {
            PvfsClient.Abandon(replies);
            throw;
        }
        _client.WaitAll(replies, _servers);
        StorageException? error = null;
        for (int k = 0; k < replies.Length; k++)
        {
            if (replies[k] == null)
                continue;
            using PvfsResponse reply = replies[k]!.Result;
            if (error != null)
                continue;
            ReadOnlySpan<byte> payload = reply.Payload;
            if (payload.Length != 8 + expected[k])
            {
                error = new StorageException(ErrorClass.IO, $"pvfs server {_client.AddressOf(_servers[k])}: read reply has {payload.Length - 8} bytes, expected {expected[k]}");
                continue;
            }
            var reader = new SpanReader(payload);
            long localSize = reader.ReadInt64("size");
            reads.Saw(Layout, k, localSize);
            ReadOnlySpan<byte> source = reader.Rest;
            int at = 0;
            // Scatter this server's I/O stream back to the pieces' places in the caller's buffer.
            var blocks = RegionDescriptor.Blocks(descriptor);
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
