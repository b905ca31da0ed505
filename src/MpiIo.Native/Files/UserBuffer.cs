using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Windows;

namespace MpiIo.Native.Files;

/// <summary>
/// An application buffer as MpiIo takes it: the bytes that <c>count</c> copies of the memory datatype
/// touch, starting at their lowest byte, and the datatype shifted so its lowest byte is displacement 0
/// (types with a negative or absolute lower bound, <c>MPI_BOTTOM</c> buffers included).
/// </summary>
internal readonly unsafe struct UserBuffer
{
    private UserBuffer(byte* start, int length, Datatype type)
    {
        Start = start;
        Length = length;
        Type = type;
    }

    /// <summary>The lowest byte the access touches.</summary>
    public byte* Start { get; }

    /// <summary>How many bytes from <see cref="Start"/> it may touch.</summary>
    public int Length { get; }

    /// <summary>The memory datatype, displaced so it starts at <see cref="Start"/>.</summary>
    public Datatype Type { get; }

    /// <summary>The bytes as a span.</summary>
    public Span<byte> Span => new(Start, Length);

    /// <summary>The bytes as memory, for accesses that outlive the call (nonblocking, split).</summary>
    public Memory<byte> Memory => Length == 0 ? Memory<byte>.Empty : new NativeMemoryManager(Start, Length).Memory;

    /// <summary>Describes <paramref name="count"/> copies of <paramref name="type"/> at <paramref name="buf"/>.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Buffer"/> for a null buffer with data; <see cref="ErrorClass.Count"/> past 2 GiB.</exception>
    public static UserBuffer Of(void* buf, long count, Datatype type)
    {
        if (count <= 0 || type.Size == 0) return new UserBuffer((byte*)buf, 0, type);
        long last = checked((count - 1) * type.Extent);
        long lo = Math.Min(type.TrueLb, checked(last + type.TrueLb));
        long hi = Math.Max(type.TrueUb, checked(last + type.TrueUb));
        if (hi - lo > int.MaxValue)
            throw new MpiException(ErrorClass.Count, $"The buffer spans {hi - lo} bytes; the C interface takes at most 2 GiB per call.");
        byte* start = (byte*)buf + lo;
        if (start == null) throw new MpiException(ErrorClass.Buffer, "The buffer is NULL.");
        return new UserBuffer(start, (int)(hi - lo), lo == 0 ? type : Shift(type, lo));
    }

    // The same typemap moved by -lo, with the same extent, so copies still tile as the application's do.
    private static Datatype Shift(Datatype type, long lo) =>
        Datatype.Resized(Datatype.Struct([1], [-lo], [type]), type.Lb - lo, type.Extent).Commit();
}
