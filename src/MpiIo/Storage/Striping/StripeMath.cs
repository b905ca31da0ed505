using MpiIo.Mpi;

namespace MpiIo.Storage.Striping;

/// <summary>
/// PVFS's striping arithmetic, pure and allocation-free. A file is cut into stripes of
/// <see cref="StripingLayout.StripeSize"/> bytes; stripe <c>i</c> lives on entry <c>i % pcount</c> of the file's
/// server list, and that list is chosen at create as servers <c>(Base + k) % n</c> of the <c>n</c> servers,
/// <c>k</c> in [0, pcount). With pcount = n this is PVFS1's rule: stripe <c>i</c> on server <c>(i + base) % n</c>.
/// Each server keeps its stripes back to back in one bytestream, so stripe <c>i</c> starts at local offset
/// <c>(i / pcount) * ssize</c>.
/// </summary>
public static class StripeMath
{
    /// <summary>Checks a layout: stripe size ≥ 1, server count ≥ 1, base ≥ 0.</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_ARG</c> naming the bad field.</exception>
    public static void Validate(in StripingLayout layout)
    {
        if (layout.StripeSize < 1)
            throw new StorageException(ErrorClass.Arg, $"striping: StripeSize must be at least 1, got {layout.StripeSize}");
        if (layout.ServerCount < 1)
            throw new StorageException(ErrorClass.Arg, $"striping: ServerCount must be at least 1, got {layout.ServerCount}");
        if (layout.Base < 0)
            throw new StorageException(ErrorClass.Arg, $"striping: Base must not be negative, got {layout.Base}");
    }

    /// <summary>The stripe holding logical byte <paramref name="offset"/>.</summary>
    public static long StripeOf(in StripingLayout layout, long offset) => offset / layout.StripeSize;

    /// <summary>The logical offset where stripe <paramref name="stripe"/> starts.</summary>
    public static long StripeStart(in StripingLayout layout, long stripe) => stripe * layout.StripeSize;

    /// <summary>Rounds <paramref name="offset"/> down to a stripe boundary.</summary>
    public static long AlignDown(in StripingLayout layout, long offset) => offset - offset % layout.StripeSize;

    /// <summary>Rounds <paramref name="offset"/> up to a stripe boundary.</summary>
    public static long AlignUp(in StripingLayout layout, long offset)
    {
        long r = offset % layout.StripeSize;
        return r == 0 ? offset : offset + (layout.StripeSize - r);
    }

    /// <summary>Index in the file's server list of the server holding logical byte <paramref name="offset"/>.</summary>
    public static int ServerOf(in StripingLayout layout, long offset) => (int)(offset / layout.StripeSize % layout.ServerCount);

    /// <summary>Offset of logical byte <paramref name="offset"/> in its server's bytestream.</summary>
    public static long LocalOffset(in StripingLayout layout, long offset)
    {
        long stripe = offset / layout.StripeSize;
        return stripe / layout.ServerCount * layout.StripeSize + offset % layout.StripeSize;
    }

    /// <summary>The logical offset of byte <paramref name="localOffset"/> of file server <paramref name="server"/>.</summary>
    public static long LogicalOffset(in StripingLayout layout, int server, long localOffset)
    {
        long row = localOffset / layout.StripeSize;
        return (row * layout.ServerCount + server) * layout.StripeSize + localOffset % layout.StripeSize;
    }

    /// <summary>
    /// Which of the <paramref name="serverTotal"/> configured servers is entry <paramref name="server"/> of the
    /// file's server list: <c>(Base + server) % serverTotal</c>.
    /// </summary>
    public static int FileServer(in StripingLayout layout, int server, int serverTotal) => (layout.Base + server) % serverTotal;

    /// <summary>How long file server <paramref name="server"/>'s bytestream is when the logical file is <paramref name="logicalSize"/> bytes.</summary>
    public static long LocalSize(in StripingLayout layout, long logicalSize, int server)
    {
        long row = layout.StripeSize * layout.ServerCount;
        long full = logicalSize / row;
        long rest = logicalSize % row - (long)server * layout.StripeSize;
        return full * layout.StripeSize + Math.Clamp(rest, 0, layout.StripeSize);
    }

    /// <summary>The logical size implied by file server <paramref name="server"/>'s bytestream of <paramref name="localSize"/> bytes (its last byte + 1; 0 when empty).</summary>
    public static long LogicalExtent(in StripingLayout layout, int server, long localSize)
        => localSize <= 0 ? 0 : LogicalOffset(layout, server, localSize - 1) + 1;

    /// <summary>The logical file size from every file server's bytestream size (PVFS2 derives it the same way).</summary>
    /// <param name="layout">The file's distribution.</param>
    /// <param name="localSizes">Bytestream size per file server, index = position in the file's server list.</param>
    public static long LogicalSize(in StripingLayout layout, ReadOnlySpan<long> localSizes)
    {
        long size = 0;
        for (int k = 0; k < localSizes.Length; k++)
            size = Math.Max(size, LogicalExtent(layout, k, localSizes[k]));
        return size;
    }

    /// <summary>Splits a logical range into its pieces on every server, in logical order.</summary>
    public static RangePieceEnumerator Split(in StripingLayout layout, long offset, long length)
        => new(layout, offset, length, 0);

    /// <summary>Splits a list of blocks (taken in order as one data stream) into per-stripe pieces.</summary>
    public static BlockPieceEnumerator Split(in StripingLayout layout, ReadOnlySpan<FileBlock> blocks)
        => new(layout, blocks, -1);

    /// <summary>The pieces of one block that lie on file server <paramref name="server"/>, jumping straight from one of its stripes to the next.</summary>
    /// <param name="layout">The file's distribution.</param>
    /// <param name="server">Index in the file's server list.</param>
    /// <param name="block">The logical block.</param>
    /// <param name="streamOffset">Where the block starts in the access's data stream.</param>
    public static ServerPieceEnumerator PiecesOn(in StripingLayout layout, int server, FileBlock block, long streamOffset = 0)
        => new(layout, server, block.Offset, block.Length, streamOffset);

    /// <summary>The pieces of a list of blocks that lie on file server <paramref name="server"/>, in list order.</summary>
    public static BlockPieceEnumerator PiecesOn(in StripingLayout layout, int server, ReadOnlySpan<FileBlock> blocks)
        => new(layout, blocks, server);

    /// <summary>Bytes of the block [<paramref name="offset"/>, +<paramref name="length"/>) that lie on file server <paramref name="server"/>.</summary>
    public static long BytesOn(in StripingLayout layout, int server, long offset, long length)
    {
        if (length <= 0)
            return 0;
        long end = offset + length;
        return LocalSize(layout, end, server) - LocalSize(layout, offset, server);
    }
}
