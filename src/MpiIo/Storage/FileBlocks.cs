using MpiIo.Mpi;

namespace MpiIo.Storage;

/// <summary>Argument checks and run-merging shared by the list I/O paths of every driver.</summary>
internal static class FileBlocks
{
    /// <summary>Checks that every block is non-negative, does not overflow, and that the lengths sum to <paramref name="bufferLength"/>.</summary>
    internal static void CheckList(ReadOnlySpan<FileBlock> blocks, int bufferLength, string bufferName)
    {
        long total = 0;
        for (int i = 0; i < blocks.Length; i++)
        {
            FileBlock b = blocks[i];
            if (b.Offset < 0 || b.Length < 0 || b.Length > long.MaxValue - b.Offset)
                throw new StorageException(ErrorClass.Arg, $"blocks[{i}] ({b.Offset}, {b.Length}) is negative or overflows.");
            total += b.Length;
            if (total > bufferLength)
                break;
        }
        if (total != bufferLength)
            throw new StorageException(ErrorClass.Arg,
                $"The block lengths sum to {(total > bufferLength ? "more than" : total.ToString(System.Globalization.CultureInfo.InvariantCulture))} but {bufferName} holds {bufferLength} bytes.");
    }

    /// <summary>Checks one positional access: offset non-negative and offset + length representable.</summary>
    internal static void CheckRange(long offset, long length, string offsetName)
    {
        if (offset < 0)
            throw new StorageException(ErrorClass.Arg, $"{offsetName} ({offset}) is negative.");
        if (length < 0 || length > long.MaxValue - offset)
            throw new StorageException(ErrorClass.Arg, $"{offsetName} ({offset}) + length ({length}) is negative or overflows.");
    }

    /// <summary>
    /// Finds the run of blocks starting at <paramref name="start"/> where each begins where the previous ended,
    /// so the run is one contiguous file range (and, blocks being in data order, one contiguous buffer range).
    /// </summary>
    /// <returns>The index after the run.</returns>
    internal static int EndOfAdjacentRun(ReadOnlySpan<FileBlock> blocks, int start, out long offset, out int length)
    {
        offset = blocks[start].Offset;
        long end = blocks[start].End;
        int i = start + 1;
        while (i < blocks.Length && blocks[i].Offset == end)
        {
            end = blocks[i].End;
            i++;
        }
        length = checked((int)(end - offset));
        return i;
    }
}
