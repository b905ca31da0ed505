using MpiIo.Storage;

namespace MpiIo.Algorithms;

/// <summary>An <see cref="IBlockSource"/> over a list of blocks already in memory (tests, small accesses).</summary>
public sealed class ListBlockSource : IBlockSource
{
    private readonly ReadOnlyMemory<FileBlock> _blocks;
    private int _next;

    /// <summary>Streams <paramref name="blocks"/> in order. The blocks are not copied.</summary>
    public ListBlockSource(ReadOnlyMemory<FileBlock> blocks) => _blocks = blocks;

    /// <summary>Streams <paramref name="blocks"/> in order. The array is not copied.</summary>
    public ListBlockSource(FileBlock[] blocks)
        : this(new ReadOnlyMemory<FileBlock>(blocks ?? throw new ArgumentNullException(nameof(blocks))))
    {
    }

    /// <summary>The sum of the block lengths: the bytes of data the access moves.</summary>
    public long TotalLength
    {
        get
        {
            long total = 0;
            foreach (FileBlock b in _blocks.Span)
                total += b.Length;
            return total;
        }
    }

    /// <inheritdoc/>
    public int Fill(Span<FileBlock> destination)
    {
        ReadOnlySpan<FileBlock> rest = _blocks.Span[_next..];
        int n = Math.Min(rest.Length, destination.Length);
        rest[..n].CopyTo(destination);
        _next += n;
        return n;
    }

    /// <summary>Starts the stream over from the first block.</summary>
    public void Reset() => _next = 0;
}
