using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Interop;
using C = MpiIo.Native.Interop.MpichConstants;

namespace MpiIo.Native.Datatypes;

/// <summary>
/// MPICH's named datatypes as MpiIo datatypes: the C types by name, Fortran and complex types as the C
/// type of the same layout, the pair types as the structs MPICH builds, and any other builtin handle by
/// the size MPICH encodes in it.
/// </summary>
internal static class PredefinedTypes
{
    private static readonly Dictionary<int, Datatype> s_named = Build();

    private static Dictionary<int, Datatype> Build()
    {
        var complex8 = Datatype.Contiguous(2, Datatype.Float).Commit();
        var complex16 = Datatype.Contiguous(2, Datatype.Double).Commit();
        var complex32 = Datatype.Contiguous(2, Datatype.LongDouble).Commit();
        var twoInt = Datatype.Contiguous(2, Datatype.Int).Commit();
        return new Dictionary<int, Datatype>
        {
            [MpiAbi.MPI_CHAR] = Datatype.Char,
            [MpiAbi.MPI_SIGNED_CHAR] = Datatype.SignedChar,
            [MpiAbi.MPI_UNSIGNED_CHAR] = Datatype.UnsignedChar,
            [MpiAbi.MPI_BYTE] = Datatype.Byte,
            [MpiAbi.MPI_WCHAR] = Datatype.WChar,
            [MpiAbi.MPI_SHORT] = Datatype.Short,
            [MpiAbi.MPI_UNSIGNED_SHORT] = Datatype.UnsignedShort,
            [MpiAbi.MPI_INT] = Datatype.Int,
            [MpiAbi.MPI_UNSIGNED] = Datatype.Unsigned,
            [MpiAbi.MPI_LONG] = Datatype.Long,
            [MpiAbi.MPI_UNSIGNED_LONG] = Datatype.UnsignedLong,
            [MpiAbi.MPI_FLOAT] = Datatype.Float,
            [MpiAbi.MPI_DOUBLE] = Datatype.Double,
            [MpiAbi.MPI_LONG_DOUBLE] = Datatype.LongDouble,
            [MpiAbi.MPI_LONG_LONG_INT] = Datatype.LongLong,
            [MpiAbi.MPI_UNSIGNED_LONG_LONG] = Datatype.UnsignedLongLong,
            [MpiAbi.MPI_PACKED] = Datatype.Packed,
            [MpiAbi.MPI_INT8_T] = Datatype.Int8,
            [MpiAbi.MPI_INT16_T] = Datatype.Int16,
            [MpiAbi.MPI_INT32_T] = Datatype.Int32,
            [MpiAbi.MPI_INT64_T] = Datatype.Int64,
            [MpiAbi.MPI_UINT8_T] = Datatype.UInt8,
            [MpiAbi.MPI_UINT16_T] = Datatype.UInt16,
            [MpiAbi.MPI_UINT32_T] = Datatype.UInt32,
            [MpiAbi.MPI_UINT64_T] = Datatype.UInt64,
            [MpiAbi.MPI_C_BOOL] = Datatype.CBool,
            [MpiAbi.MPI_AINT] = Datatype.Aint,
            [MpiAbi.MPI_OFFSET] = Datatype.Offset,
            [MpiAbi.MPI_COUNT] = Datatype.Count,
            [0x4c000133] = Datatype.UInt8,              // MPI_CXX_BOOL
            [C.Character] = Datatype.Char,
            [C.Integer] = Datatype.Int32,
            [C.Real] = Datatype.Float,
            [C.Logical] = Datatype.Int32,
            [C.DoublePrecision] = Datatype.Double,
            [0x4c00012d] = Datatype.Int8,               // MPI_INTEGER1
            [0x4c00022f] = Datatype.Int16,              // MPI_INTEGER2
            [0x4c000430] = Datatype.Int32,              // MPI_INTEGER4
            [0x4c000831] = Datatype.Int64,              // MPI_INTEGER8
            [0x4c000427] = Datatype.Float,              // MPI_REAL4
            [0x4c000829] = Datatype.Double,             // MPI_REAL8
            [C.Complex] = complex8,
            [0x4c000828] = complex8,                    // MPI_COMPLEX8
            [0x4c000840] = complex8,                    // MPI_C_FLOAT_COMPLEX
            [0x4c000834] = complex8,                    // MPI_CXX_FLOAT_COMPLEX
            [C.DoubleComplex] = complex16,
            [0x4c00102a] = complex16,                   // MPI_COMPLEX16
            [0x4c001041] = complex16,                   // MPI_C_DOUBLE_COMPLEX
            [0x4c001035] = complex16,                   // MPI_CXX_DOUBLE_COMPLEX
            [0x4c00202c] = complex32,                   // MPI_COMPLEX32
            [0x4c002042] = complex32,                   // MPI_C_LONG_DOUBLE_COMPLEX
            [0x4c002036] = complex32,                   // MPI_CXX_LONG_DOUBLE_COMPLEX
            [C.TwoInt] = twoInt,
            [C.TwoInteger] = twoInt,
            [0x4c000821] = Datatype.Contiguous(2, Datatype.Float).Commit(),   // MPI_2REAL
            [0x4c001023] = Datatype.Contiguous(2, Datatype.Double).Commit(),  // MPI_2DOUBLE_PRECISION
            [C.FloatInt] = Pair(Datatype.Float, 4),
            [C.DoubleInt] = Pair(Datatype.Double, 8),
            [C.LongInt] = Pair(Datatype.Long, 8),
            [C.ShortInt] = Pair(Datatype.Short, 4),
            [C.LongDoubleInt] = Pair(Datatype.LongDouble, 16),
        };
    }

    // MPICH's {value, int} pair types: the int right after the value, padded to the value's alignment.
    private static Datatype Pair(Datatype value, long intAt) =>
        Datatype.Struct([1, 1], [0, intAt], [value, Datatype.Int]).Commit();

    /// <summary>The MpiIo type of a named MPICH handle.</summary>
    /// <param name="handle">A handle whose combiner is <c>MPI_COMBINER_NAMED</c>.</param>
    /// <param name="size">The size MPICH reports for it, used for builtin handles not in the table.</param>
    /// <exception cref="MpiException"><see cref="ErrorClass.Type"/> for a named type of no size (MPI_LB, MPI_UB) or one MpiIo cannot lay out.</exception>
    public static Datatype Named(int handle, long size)
    {
        if (s_named.TryGetValue(handle, out var t)) return t;
        if ((handle & C.BuiltinKindMask) == C.BuiltinDatatype && size > 0) return OfSize(size);
        throw new MpiException(ErrorClass.Type, $"The predefined datatype 0x{handle:x8} (size {size}) cannot be used for I/O here.");
    }

    /// <summary>Whether <paramref name="handle"/> is in the table (a predefined type MPICH never frees).</summary>
    public static bool IsKnown(int handle) => s_named.ContainsKey(handle);

    /// <summary>A basic type of <paramref name="size"/> bytes: the unsigned integer of that size, else bytes.</summary>
    public static Datatype OfSize(long size) => size switch
    {
        1 => Datatype.UInt8,
        2 => Datatype.UInt16,
        4 => Datatype.UInt32,
        8 => Datatype.UInt64,
        16 => Datatype.LongDouble,
        _ => Datatype.Contiguous(checked((int)size), Datatype.Byte).Commit(),
    };
}
