using System.Buffers.Binary;
using MpiIo.Mpi;

namespace MpiIo.Datatypes;

/// <summary>
/// The <c>external32</c> data representation for packed streams: big-endian primitives of the sizes
/// MPI's external32 table gives. Conversion swaps each primitive in place, so it works on any window of
/// the stream that starts and ends on primitive boundaries (it may start in the middle of a type).
/// Types holding <see cref="Datatype.Long"/>, <see cref="Datatype.UnsignedLong"/> or
/// <see cref="Datatype.WChar"/> (external32 sizes 4, 4 and 2 bytes against 8, 8 and 4 natively) or
/// <see cref="Datatype.LongDouble"/> (x87 extended natively, IEEE quad in external32) are rejected with
/// <see cref="ErrorClass.UnsupportedDatarep"/>: converting them changes the stream's length or needs a
/// float conversion, which this layer does not do.
/// </summary>
public static class External32
{
    /// <summary>Whether <paramref name="type"/> can be converted (all its primitives keep their native size).</summary>
    public static bool Supports(Datatype type)
    {
        if (type is null)
            throw new MpiException(ErrorClass.Type, "type must not be null.");
        return type.External32Native;
    }

    /// <summary>
    /// The external32 size of a predefined type that this layer does not convert, from MPI's external32 table
    /// (<c>MPI_LONG</c>, <c>MPI_UNSIGNED_LONG</c> 4, <c>MPI_WCHAR</c> 2, <c>MPI_LONG_DOUBLE</c> 16); null for
    /// any other type. <c>MPI_File_get_type_extent</c> needs only the size, not a conversion.
    /// </summary>
    public static long? UnconvertedSize(Datatype type) =>
        ReferenceEquals(type, Datatype.Long) || ReferenceEquals(type, Datatype.UnsignedLong) ? 4
        : ReferenceEquals(type, Datatype.WChar) ? 2
        : ReferenceEquals(type, Datatype.LongDouble) ? 16
        : null;

    /// <summary>
    /// Converts packed-stream bytes [<paramref name="dataStart"/>, <paramref name="dataStart"/> + packed.Length)
    /// of tiled copies of <paramref name="type"/> from native to external32, in place (<c>MPI_Pack_external</c>'s conversion).
    /// </summary>
    /// <exception cref="MpiException">
    /// <see cref="ErrorClass.UnsupportedDatarep"/> for a type with a primitive external32 sizes differently;
    /// <see cref="ErrorClass.Arg"/> for a negative start or a window that splits a primitive.
    /// </exception>
    public static void ToExternal(Span<byte> packed, Datatype type, long dataStart) => Swap(packed, type, dataStart);

    /// <summary>
    /// Converts packed-stream bytes from external32 back to native, in place (<c>MPI_Unpack_external</c>'s conversion).
    /// </summary>
    /// <exception cref="MpiException">As <see cref="ToExternal"/>.</exception>
    public static void FromExternal(Span<byte> packed, Datatype type, long dataStart) => Swap(packed, type, dataStart);

    private static unsafe void Swap(Span<byte> packed, Datatype type, long dataStart)
    {
        if (type is null)
            throw new MpiException(ErrorClass.Type, "type must not be null.");
        if (!type.External32Native)
            throw new MpiException(ErrorClass.UnsupportedDatarep,
                "external32 gives MPI_LONG, MPI_UNSIGNED_LONG and MPI_WCHAR other sizes and MPI_LONG_DOUBLE another format; types holding them are not converted.");
        if (dataStart < 0)
            throw new MpiException(ErrorClass.Arg, $"dataStart must be nonnegative, got {dataStart}.");
        FlatNode? root = type.Typed;
        if (root is null || packed.IsEmpty)
        {
            if (!packed.IsEmpty)
                throw new MpiException(ErrorClass.Arg, "The datatype holds no data.");
            return;
        }
        // Byte order is the only difference on a big-endian host, and there is none there.
        if (!BitConverter.IsLittleEndian)
            return;
        // Every copy starts on a primitive boundary, so only the offset into the copy matters.
        long from = dataStart % root.Size;
        fixed (byte* p = packed)
        {
            var swapper = new Swapper(p);
            FlatWalker.Walk(root, type.Extent, from, from + packed.Length, ref swapper);
        }
    }

    /// <summary>Swaps each primitive of each run, walking the packed stream in order.</summary>
    private unsafe struct Swapper(byte* packed) : IRunVisitor
    {
        private byte* _packed = packed;

        public void Run(long displacement, long length, long phase, int unit)
        {
            if (phase % unit != 0 || length % unit != 0)
                throw new MpiException(ErrorClass.Arg, $"The window splits a {unit}-byte primitive.");
            SwapAll(_packed, length / unit, unit);
            _packed += length;
        }

        public void Runs(long displacement, long stride, long length, long count, int unit)
        {
            SwapAll(_packed, length / unit * count, unit);
            _packed += length * count;
        }
    }

    /// <summary>Swaps <paramref name="n"/> primitives of <paramref name="unit"/> bytes; a span holds fewer than 2³¹ bytes, so n fits an int.</summary>
    private static unsafe void SwapAll(byte* p, long n, int unit)
    {
        int count = (int)n;
        switch (unit)
        {
            case 2:
            {
                var span = new Span<ushort>(p, count);
                BinaryPrimitives.ReverseEndianness(span, span);
                break;
            }
            case 4:
            {
                var span = new Span<uint>(p, count);
                BinaryPrimitives.ReverseEndianness(span, span);
                break;
            }
            case 8:
            {
                var span = new Span<ulong>(p, count);
                BinaryPrimitives.ReverseEndianness(span, span);
                break;
            }
        }
    }
}
