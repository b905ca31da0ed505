using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Views;

namespace MpiIo.Algorithms;

/// <summary>
/// The one core path every independent read and write funnels into (ROMIO's <c>ADIO_ReadStrided</c> /
/// <c>WriteStrided</c> with their contiguous fast path): typed memory on one side, a view of the file on
/// the other. Contiguous memory with a contiguous view is one positional call; contiguous memory with a
/// noncontiguous view streams the view's blocks through data sieving straight from the user's buffer;
/// noncontiguous memory (or <c>external32</c>) is packed through a bounded staging buffer.
/// </summary>
/// <remarks>One instance serves one access at a time; an open file keeps one per concurrent access, so
/// the steady state allocates nothing.</remarks>
internal sealed class IndependentAccess
{
    /// <summary>Most bytes staged at once for noncontiguous memory.</summary>
    public const int StagingLimit = 4 << 20;

    private readonly ViewBlockSource _blocks = new();
    private readonly DataSievingBuffers _sieving;
    private byte[]? _staging;

    public IndependentAccess(DataSievingBuffers sieving) => _sieving = sieving;

    /// <summary>Writes <paramref name="count"/> copies of <paramref name="memType"/> from <paramref name="memory"/> (displacement 0 at <paramref name="origin"/>) at view byte <paramref name="viewStart"/>.</summary>
    /// <returns>Bytes written.</returns>
    public long Write(IStorageFile file, FileView view, long viewStart, ReadOnlySpan<byte> memory, long origin,
        Datatype memType, long count, DataSievingOptions options, bool atomic)
    {
        long total = count * memType.Size;
        if (total == 0) return 0;
        using var region = EnterAtomic(file, view, viewStart, total, atomic, write: true);
        bool external = view.Datarep == FileView.External32Name;
        if (memType.IsContiguous && !external)
        {
            WriteStream(file, view, viewStart, ContiguousSlice(memory, origin, memType, total), options, region.IsLocked);
            return total;
        }
        var staging = Staging(total);
        for (long pos = 0; pos < total; pos += staging.Length)
        {
            var chunk = staging.AsSpan(0, (int)Math.Min(staging.Length, total - pos));
            TypePacker.Pack(memory, origin, memType, count, pos, chunk);
            if (external) External32.ToExternal(chunk, memType, pos);
            WriteStream(file, view, viewStart + pos, chunk, options, region.IsLocked);
        }
        return total;
    }

    /// <summary>Reads into <paramref name="count"/> copies of <paramref name="memType"/> in <paramref name="memory"/>.</summary>
    /// <returns>Bytes that lay before end of file.</returns>
    public long Read(IStorageFile file, FileView view, long viewStart, Span<byte> memory, long origin,
        Datatype memType, long count, DataSievingOptions options, bool atomic)
    {
        long total = count * memType.Size;
        if (total == 0) return 0;
        using var region = EnterAtomic(file, view, viewStart, total, atomic, write: false);
        bool external = view.Datarep == FileView.External32Name;
        if (memType.IsContiguous && !external)
        {
            var target = ContiguousSlice(memory, origin, memType, total);
            return ReadStream(file, view, viewStart, target, options);
        }
        var staging = Staging(total);
        long read = 0;
        for (long pos = 0; pos < total; pos += staging.Length)
        {
            var chunk = staging.AsSpan(0, (int)Math.Min(staging.Length, total - pos));
            long got = ReadStream(file, view, viewStart + pos, chunk, options);
            read += got;
            if (external) External32.FromExternal(chunk, memType, pos);
            // Bytes past end of file come back as zeros; MPI leaves them undefined, and unpacking them
            // keeps the memory image of a short read the same however the access was chunked.
            TypePacker.Unpack(chunk, memory, origin, memType, count, pos);
        }
        return read;
    }

    private static AtomicRegion EnterAtomic(IStorageFile file, FileView view, long viewStart, long total, bool atomic, bool write)
    {
        if (!atomic) return default;
        var summary = view.AccessSummary(viewStart, total);
        return AtomicRegion.Enter(file, true, summary.FirstOffset, summary.EndOffset - summary.FirstOffset, write);
    }

    private void WriteStream(IStorageFile file, FileView view, long viewStart, ReadOnlySpan<byte> data, DataSievingOptions options, bool locked)
    {
        if (view.IsContiguous)
        {
            file.WriteAt(view.FileOffsetOf(viewStart), data);
            return;
        }
        _blocks.Reset(view, viewStart, data.Length);
        DataSieving.Write(file, _blocks, data, options, _sieving, rangeLocked: locked);
    }

    private long ReadStream(IStorageFile file, FileView view, long viewStart, Span<byte> data, DataSievingOptions options)
    {
        if (view.IsContiguous) return file.ReadFully(view.FileOffsetOf(viewStart), data);
        _blocks.Reset(view, viewStart, data.Length);
        if (!view.Filetype.IsMonotonic) return ReadOverlapping(file, data);
        return DataSieving.Read(file, _blocks, data, options, _sieving);
    }

    // A read-only file may have a view whose filetype blocks overlap (MPI forbids that only for writing). Such
    // blocks cannot share a sieving window, so each is read where it lies, in view order. The count is the view
    // bytes before the first block that ends past end of file, as for any other short read.
    private long ReadOverlapping(IStorageFile file, Span<byte> data)
    {
        Span<FileBlock> blocks = stackalloc FileBlock[64];
        long pos = 0, read = 0;
        bool pastEnd = false;
        int n;
        while ((n = _blocks.Fill(blocks)) > 0)
        {
            foreach (var block in blocks[..n])
            {
                var target = data.Slice((int)pos, (int)block.Length);
                int got = file.ReadFully(block.Offset, target);
                if (!pastEnd) read += got;
                if (got < block.Length)
                {
                    target[got..].Clear();
                    pastEnd = true;
                }
                pos += block.Length;
            }
        }
        return read;
    }

    private static Span<byte> ContiguousSlice(Span<byte> memory, long origin, Datatype type, long total)
    {
        long start = origin + type.TrueLb;
        if (start < 0 || total > memory.Length - start)
            throw new MpiException(ErrorClass.Buffer,
                $"The buffer of {memory.Length} bytes does not hold {total} bytes of {type} at offset {start}.");
        return memory.Slice((int)start, (int)total);
    }

    private static ReadOnlySpan<byte> ContiguousSlice(ReadOnlySpan<byte> memory, long origin, Datatype type, long total)
    {
        long start = origin + type.TrueLb;
        if (start < 0 || total > memory.Length - start)
            throw new MpiException(ErrorClass.Buffer,
                $"The buffer of {memory.Length} bytes does not hold {total} bytes of {type} at offset {start}.");
        return memory.Slice((int)start, (int)total);
    }

    private byte[] Staging(long total)
    {
        int want = (int)Math.Min(total, StagingLimit);
        if (_staging == null || _staging.Length < want) _staging = new byte[Math.Max(want, Math.Min(StagingLimit, 64 << 10))];
        return _staging;
    }
}
