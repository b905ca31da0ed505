namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>
/// The compact description of an access's file region that travels, unchanged, to every server of the access
/// (PVFS's design: each server intersects it with its own stripes and moves its "I/O stream" in logical order).
/// Two kinds: a list of runs <c>{start, blockLength, stride, count}</c> (regular strides compress to one run), or a
/// partition <c>{offset, gsize, stride, start, length}</c>. The data stream is the region's bytes in block order.
/// </summary>
public static class RegionDescriptor
{
    /// <summary>Kind byte of a run list.</summary>
    public const byte KindRuns = 1;

    /// <summary>Kind byte of a partition.</summary>
    public const byte KindPartition = 2;

    /// <summary>Bytes of an encoded run.</summary>
    public const int RunLength = 32;

    /// <summary>Bytes of an encoded partition descriptor.</summary>
    public const int PartitionLength = 1 + 40;

    /// <summary>The largest file offset a region may reach (2^62), so that no sum overflows.</summary>
    public const long MaxOffset = 1L << 62;

    /// <summary>Most runs in one descriptor.</summary>
    public const int MaxRuns = 1 << 17;

    /// <summary>How many runs <see cref="WriteBlocks"/> makes of <paramref name="blocks"/> (empty blocks are dropped).</summary>
    public static int CountRuns(ReadOnlySpan<FileBlock> blocks)
    {
        int runs = 0;
        int i = 0;
        while (NextRun(blocks, ref i, out _, out _, out _, out _))
            runs++;
        return runs;
    }

    /// <summary>Encoded bytes of a run list of <paramref name="runs"/> runs.</summary>
    public static int RunsLength(int runs) => 1 + 4 + runs * RunLength;

    // Greedy compression: a run grows while blocks keep the same length and the same nonnegative stride.
    private static bool NextRun(ReadOnlySpan<FileBlock> blocks, ref int i, out long start, out long length, out long stride, out long count)
    {
        while (i < blocks.Length && blocks[i].Length == 0)
            i++;
        start = length = stride = count = 0;
        if (i >= blocks.Length)
            return false;
        start = blocks[i].Offset;
        length = blocks[i].Length;
        count = 1;
        i++;
        if (i < blocks.Length && blocks[i].Length == length && blocks[i].Offset > start)
        {
            stride = blocks[i].Offset - start;
            long last = blocks[i].Offset;
            count = 2;
            i++;
            while (i < blocks.Length && blocks[i].Length == length && blocks[i].Offset - last == stride)
            {
                last = blocks[i].Offset;
                count++;
                i++;
            }
        }
        return true;
    }

    /// <summary>Writes <paramref name="blocks"/> as a run list (<see cref="RunsLength"/>(<see cref="CountRuns"/>) bytes).</summary>
    public static void WriteBlocks(ref SpanWriter writer, ReadOnlySpan<FileBlock> blocks, int runCount)
    {
        writer.WriteByte(KindRuns);
        writer.WriteInt32(runCount);
        int i = 0;
        int written = 0;
        while (NextRun(blocks, ref i, out long start, out long length, out long stride, out long count))
        {
            writer.WriteInt64(start);
            writer.WriteInt64(length);
            writer.WriteInt64(stride);
            writer.WriteInt64(count);
            written++;
        }
        if (written != runCount)
            throw new ArgumentException($"blocks make {written} runs, not {runCount}", nameof(runCount));
    }

    /// <summary>Writes the partition bytes [<paramref name="start"/>, +<paramref name="length"/>) of <paramref name="partition"/>.</summary>
    public static void WritePartition(ref SpanWriter writer, PvfsPartition partition, long start, long length)
    {
        writer.WriteByte(KindPartition);
        writer.WriteInt64(partition.Offset);
        writer.WriteInt64(partition.GroupSize);
        writer.WriteInt64(partition.Stride);
        writer.WriteInt64(start);
        writer.WriteInt64(length);
    }

    /// <summary>Reads and checks a descriptor: counts, signs, overlap of partition groups, and that nothing passes <see cref="MaxOffset"/>.</summary>
    /// <param name="reader">Positioned at the descriptor; left after it.</param>
    /// <param name="totalBytes">Bytes in the region (the length of the whole data stream).</param>
    /// <returns>The descriptor's bytes, for <see cref="Blocks"/>.</returns>
    public static ReadOnlySpan<byte> Read(ref SpanReader reader, out long totalBytes)
    {
        ReadOnlySpan<byte> rest = reader.Rest;
        byte kind = reader.ReadByte("region kind");
        totalBytes = 0;
        if (kind == KindRuns)
        {
            int runs = reader.ReadCount("run count", MaxRuns);
            for (int r = 0; r < runs; r++)
            {
                long start = reader.ReadInt64("run start");
                long length = reader.ReadInt64("run block length");
                long stride = reader.ReadInt64("run stride");
                long count = reader.ReadInt64("run count");
                if (start < 0 || length < 0 || stride < 0 || count < 1)
                    throw new PvfsProtocolException($"run {r} has a negative field or no blocks");
                Int128 end = start + (Int128)stride * (count - 1) + length;
                Int128 total = totalBytes + (Int128)length * count;
                if (end > MaxOffset || total > MaxOffset)
                    throw new PvfsProtocolException($"run {r} reaches past offset 2^62");
                totalBytes = (long)total;
            }
        }
        else if (kind == KindPartition)
        {
            var partition = new PvfsPartition(reader.ReadInt64("partition offset"), reader.ReadInt64("partition gsize"),
                reader.ReadInt64("partition stride"));
            long start = reader.ReadInt64("partition start");
            long length = reader.ReadInt64("partition length");
            if (partition.Offset < 0 || partition.GroupSize < 0 || partition.Stride < 0 || start < 0 || length < 0)
                throw new PvfsProtocolException("partition has a negative field");
            if (!partition.IsContiguous && partition.GroupSize > partition.Stride)
                throw new PvfsProtocolException("partition groups overlap (gsize > stride)");
            Int128 endPartition = (Int128)start + length;
            Int128 endFile = partition.IsContiguous || length == 0
                ? endPartition + partition.Offset
                : (endPartition - 1) / partition.GroupSize * partition.Stride + partition.GroupSize + partition.Offset;
            if (endPartition > MaxOffset || endFile > MaxOffset)
                throw new PvfsProtocolException("partition reaches past offset 2^62");
            totalBytes = length;
        }
        else
        {
            throw new PvfsProtocolException($"unknown region kind {kind}");
        }
        return rest[..(rest.Length - reader.Rest.Length)];
    }

    /// <summary>The blocks of a descriptor returned by <see cref="Read"/> (or just written), in stream order.</summary>
    public static RegionBlockEnumerator Blocks(ReadOnlySpan<byte> descriptor) => new(descriptor);
}
