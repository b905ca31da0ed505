using System.Runtime.CompilerServices;
using MpiIo.Mpi;

namespace MpiIo.Datatypes;

/// <summary>
/// Copies between typed memory and the packed byte stream of a datatype (<c>MPI_Pack</c> /
/// <c>MPI_Unpack</c>), for any window of the stream. Element displacement <c>d</c> of copy 0 is at
/// <c>memory[origin + d]</c>; copy <c>n</c> is <c>n · Extent</c> further. Bounds are checked once per
/// call; the copy loops run on pointers, with fixed-width loops for 1-, 2-, 4-, 8- and 16-byte pieces.
/// </summary>
public static unsafe class TypePacker
{
    /// <summary>
    /// Fills <paramref name="packed"/> with packed-stream bytes [<paramref name="dataStart"/>,
    /// <paramref name="dataStart"/> + packed.Length) of <paramref name="count"/> copies of
    /// <paramref name="type"/> read from <paramref name="memory"/> (<c>MPI_Pack</c>).
    /// </summary>
    /// <exception cref="MpiException">
    /// <see cref="ErrorClass.Buffer"/> when the copies do not fit in <paramref name="memory"/> at
    /// <paramref name="origin"/>; <see cref="ErrorClass.Arg"/> when the window leaves the packed stream;
    /// <see cref="ErrorClass.Count"/> for a negative count.
    /// </exception>
    public static void Pack(ReadOnlySpan<byte> memory, long origin, Datatype type, long count, long dataStart, Span<byte> packed)
    {
        FlatNode? root = Check(memory.Length, origin, type, count, dataStart, packed.Length);
        if (root is null || packed.IsEmpty)
            return;
        fixed (byte* m = memory)
        fixed (byte* p = packed)
        {
            var copier = new Copier(m + origin, p, pack: true);
            FlatWalker.Walk(root, type.Extent, dataStart, dataStart + packed.Length, ref copier);
        }
    }

    /// <summary>
    /// Scatters <paramref name="packed"/>, packed-stream bytes [<paramref name="dataStart"/>,
    /// <paramref name="dataStart"/> + packed.Length) of <paramref name="count"/> copies of
    /// <paramref name="type"/>, into <paramref name="memory"/> (<c>MPI_Unpack</c>).
    /// </summary>
    /// <exception cref="MpiException">As <see cref="Pack"/>.</exception>
    public static void Unpack(ReadOnlySpan<byte> packed, Span<byte> memory, long origin, Datatype type, long count, long dataStart)
    {
        FlatNode? root = Check(memory.Length, origin, type, count, dataStart, packed.Length);
        if (root is null || packed.IsEmpty)
            return;
        fixed (byte* m = memory)
        fixed (byte* p = packed)
        {
            var copier = new Copier(m + origin, p, pack: false);
            FlatWalker.Walk(root, type.Extent, dataStart, dataStart + packed.Length, ref copier);
        }
    }

    private static FlatNode? Check(long memoryLength, long origin, Datatype type, long count, long dataStart, long length)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (count < 0)
            throw new MpiException(ErrorClass.Count, $"count must be nonnegative, got {count}.");
        FlatNode? root = type.Layout;
        long total = root is null ? 0 : (count > long.MaxValue / root.Size ? long.MaxValue : count * root.Size);
        if (dataStart < 0 || length > total - dataStart)
            throw new MpiException(ErrorClass.Arg,
                $"The window of {length} bytes at {dataStart} leaves the {total}-byte packed stream.");
        if (root is null || count == 0)
            return root;
        // The whole touched range, from the data bounds of the first and last copies.
        long low, high;
        try
        {
            long span = checked((count - 1) * type.Extent);
            low = checked(origin + (type.Extent >= 0 ? root.MinStart : root.MinStart + span));
            high = checked(origin + (type.Extent >= 0 ? root.MaxEnd + span : root.MaxEnd));
        }
        catch (OverflowException)
        {
            throw new MpiException(ErrorClass.Buffer, $"{count} copies at origin {origin} reach past any buffer.");
        }
        if (low < 0 || high > memoryLength)
            throw new MpiException(ErrorClass.Buffer,
                $"{count} copies at origin {origin} touch bytes {low}..{high} of a {memoryLength}-byte buffer.");
        return root;
    }

    /// <summary>Copies runs between memory and the packed cursor, in either direction.</summary>
    private struct Copier(byte* origin, byte* packed, bool pack) : IRunVisitor
    {
        private byte* _packed = packed;

        public void Run(long displacement, long length, long phase, int unit)
        {
            byte* mem = origin + displacement;
            if (pack)
                Buffer.MemoryCopy(mem, _packed, length, length);
            else
                Buffer.MemoryCopy(_packed, mem, length, length);
            _packed += length;
        }

        public void Runs(long displacement, long stride, long length, long count, int unit)
        {
            byte* mem = origin + displacement;
            if (pack)
                Strided(mem, stride, _packed, length, length, count);
            else
                Strided(_packed, length, mem, stride, length, count);
            _packed += length * count;
        }
    }

    /// <summary><paramref name="count"/> copies of <paramref name="length"/> bytes between strided addresses.</summary>
    private static void Strided(byte* src, long srcStride, byte* dst, long dstStride, long length, long count)
    {
        switch (length)
        {
            case 1:
                for (long i = 0; i < count; i++, src += srcStride, dst += dstStride)
                    *dst = *src;
                break;
            case 2:
                for (long i = 0; i < count; i++, src += srcStride, dst += dstStride)
                    Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<short>(src));
                break;
            case 4:
                for (long i = 0; i < count; i++, src += srcStride, dst += dstStride)
                    Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<int>(src));
                break;
            case 8:
                for (long i = 0; i < count; i++, src += srcStride, dst += dstStride)
                    Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<long>(src));
                break;
            case 16:
                for (long i = 0; i < count; i++, src += srcStride, dst += dstStride)
                {
                    Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<long>(src));
                    Unsafe.WriteUnaligned(dst + 8, Unsafe.ReadUnaligned<long>(src + 8));
                }
                break;
            default:
                for (long i = 0; i < count; i++, src += srcStride, dst += dstStride)
                    Buffer.MemoryCopy(src, dst, length, length);
                break;
        }
    }
}
