namespace MpiIo.Datatypes;

public sealed partial class Datatype
{
    /// <summary><c>MPI_BYTE</c>: 1 byte.</summary>
    public static readonly Datatype Byte = Predefined("MPI_BYTE", 1, 1, true);

    /// <summary><c>MPI_CHAR</c>: 1 byte.</summary>
    public static readonly Datatype Char = Predefined("MPI_CHAR", 1, 1, true);

    /// <summary><c>MPI_SIGNED_CHAR</c>: 1 byte.</summary>
    public static readonly Datatype SignedChar = Predefined("MPI_SIGNED_CHAR", 1, 1, true);

    /// <summary><c>MPI_UNSIGNED_CHAR</c>: 1 byte.</summary>
    public static readonly Datatype UnsignedChar = Predefined("MPI_UNSIGNED_CHAR", 1, 1, true);

    /// <summary><c>MPI_SHORT</c>: 2 bytes.</summary>
    public static readonly Datatype Short = Predefined("MPI_SHORT", 2, 2, true);

    /// <summary><c>MPI_UNSIGNED_SHORT</c>: 2 bytes.</summary>
    public static readonly Datatype UnsignedShort = Predefined("MPI_UNSIGNED_SHORT", 2, 2, true);

    /// <summary><c>MPI_INT</c>: 4 bytes.</summary>
    public static readonly Datatype Int = Predefined("MPI_INT", 4, 4, true);

    /// <summary><c>MPI_UNSIGNED</c>: 4 bytes.</summary>
    public static readonly Datatype Unsigned = Predefined("MPI_UNSIGNED", 4, 4, true);

    /// <summary><c>MPI_LONG</c>: 8 bytes. 8 bytes (LP64); external32 gives it 4, so it cannot be used with external32.</summary>
    public static readonly Datatype Long = Predefined("MPI_LONG", 8, 8, false);

    /// <summary><c>MPI_UNSIGNED_LONG</c>: 8 bytes. 8 bytes (LP64); external32 gives it 4, so it cannot be used with external32.</summary>
    public static readonly Datatype UnsignedLong = Predefined("MPI_UNSIGNED_LONG", 8, 8, false);

    /// <summary><c>MPI_LONG_LONG</c>: 8 bytes.</summary>
    public static readonly Datatype LongLong = Predefined("MPI_LONG_LONG", 8, 8, true);

    /// <summary><c>MPI_UNSIGNED_LONG_LONG</c>: 8 bytes.</summary>
    public static readonly Datatype UnsignedLongLong = Predefined("MPI_UNSIGNED_LONG_LONG", 8, 8, true);

    /// <summary><c>MPI_FLOAT</c>: 4 bytes.</summary>
    public static readonly Datatype Float = Predefined("MPI_FLOAT", 4, 4, true);

    /// <summary><c>MPI_DOUBLE</c>: 8 bytes.</summary>
    public static readonly Datatype Double = Predefined("MPI_DOUBLE", 8, 8, true);

    /// <summary><c>MPI_LONG_DOUBLE</c>: 16 bytes. 16 bytes (x87 80-bit extended, padded); external32 wants IEEE quad, so it cannot be used with external32.</summary>
    public static readonly Datatype LongDouble = Predefined("MPI_LONG_DOUBLE", 16, 16, false);

    /// <summary><c>MPI_INT8_T</c>: 1 byte.</summary>
    public static readonly Datatype Int8 = Predefined("MPI_INT8_T", 1, 1, true);

    /// <summary><c>MPI_INT16_T</c>: 2 bytes.</summary>
    public static readonly Datatype Int16 = Predefined("MPI_INT16_T", 2, 2, true);

    /// <summary><c>MPI_INT32_T</c>: 4 bytes.</summary>
    public static readonly Datatype Int32 = Predefined("MPI_INT32_T", 4, 4, true);

    /// <summary><c>MPI_INT64_T</c>: 8 bytes.</summary>
    public static readonly Datatype Int64 = Predefined("MPI_INT64_T", 8, 8, true);

    /// <summary><c>MPI_UINT8_T</c>: 1 byte.</summary>
    public static readonly Datatype UInt8 = Predefined("MPI_UINT8_T", 1, 1, true);

    /// <summary><c>MPI_UINT16_T</c>: 2 bytes.</summary>
    public static readonly Datatype UInt16 = Predefined("MPI_UINT16_T", 2, 2, true);

    /// <summary><c>MPI_UINT32_T</c>: 4 bytes.</summary>
    public static readonly Datatype UInt32 = Predefined("MPI_UINT32_T", 4, 4, true);

    /// <summary><c>MPI_UINT64_T</c>: 8 bytes.</summary>
    public static readonly Datatype UInt64 = Predefined("MPI_UINT64_T", 8, 8, true);

    /// <summary><c>MPI_C_BOOL</c>: 1 byte.</summary>
    public static readonly Datatype CBool = Predefined("MPI_C_BOOL", 1, 1, true);

    /// <summary><c>MPI_WCHAR</c>: 4 bytes. 4 bytes on Linux; external32 gives it 2, so it cannot be used with external32.</summary>
    public static readonly Datatype WChar = Predefined("MPI_WCHAR", 4, 4, false);

    /// <summary><c>MPI_AINT</c>: 8 bytes.</summary>
    public static readonly Datatype Aint = Predefined("MPI_AINT", 8, 8, true);

    /// <summary><c>MPI_OFFSET</c>: 8 bytes.</summary>
    public static readonly Datatype Offset = Predefined("MPI_OFFSET", 8, 8, true);

    /// <summary><c>MPI_COUNT</c>: 8 bytes.</summary>
    public static readonly Datatype Count = Predefined("MPI_COUNT", 8, 8, true);

    /// <summary><c>MPI_PACKED</c>: 1 byte.</summary>
    public static readonly Datatype Packed = Predefined("MPI_PACKED", 1, 1, true);

    /// <summary>The MPI predefined type whose value matches <typeparamref name="T"/>'s size: Byte, Int16, Int32, Int64, Float, Double...</summary>
    /// <typeparam name="T">A primitive numeric type.</typeparam>
    /// <exception cref="MpiIo.Mpi.MpiException"><see cref="MpiIo.Mpi.ErrorClass.Type"/> for a type with no predefined match.</exception>
    public static Datatype Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(byte)) return UInt8;
        if (typeof(T) == typeof(sbyte)) return Int8;
        if (typeof(T) == typeof(short)) return Int16;
        if (typeof(T) == typeof(ushort)) return UInt16;
        if (typeof(T) == typeof(char)) return UInt16;
        if (typeof(T) == typeof(int)) return Int32;
        if (typeof(T) == typeof(uint)) return UInt32;
        if (typeof(T) == typeof(long)) return Int64;
        if (typeof(T) == typeof(ulong)) return UInt64;
        if (typeof(T) == typeof(float)) return Float;
        if (typeof(T) == typeof(double)) return Double;
        if (typeof(T) == typeof(bool)) return CBool;
        throw new MpiIo.Mpi.MpiException(MpiIo.Mpi.ErrorClass.Type, $"No predefined MPI datatype for {typeof(T).Name}.");
    }

    private static Datatype Predefined(string name, int size, int align, bool external32Native)
    {
        var leaf = FlatNode.Leaf(0, size, size);
        var type = new Datatype(Combiner.Named, name, size, 0, size, 0, size, align, external32Native, _ => leaf);
        type.Commit();
        return type;
    }
}
