using System.Runtime.InteropServices;

namespace MpiIo.Mpi.Native;

/// <summary>
/// MPICH's C ABI (mpi.h of MPICH 4.x, shared by Intel MPI, MVAPICH and Cray MPICH): handle values,
/// special constants and the <c>MPI_Status</c> layout. Everything the binding knows about the ABI
/// lives here, and <see cref="AbiCheck"/> verifies it against the loaded library at start-up.
/// </summary>
/// <remarks>Handles are 32-bit integers except <c>MPI_File</c>, which is a pointer.</remarks>
public static class MpiAbi
{
#pragma warning disable CS1591 // The names are MPI's own; each constant is documented by mpi.h.
    // Communicators, groups and null handles.
    public const int MPI_COMM_WORLD = 0x44000000;
    public const int MPI_COMM_SELF = 0x44000001;
    public const int MPI_COMM_NULL = 0x04000000;
    public const int MPI_GROUP_NULL = 0x08000000;
    public const int MPI_DATATYPE_NULL = 0x0c000000;
    public const int MPI_OP_NULL = 0x18000000;
    public const int MPI_REQUEST_NULL = 0x2c000000;
    public const int MPI_ERRHANDLER_NULL = 0x14000000;
    public const int MPI_INFO_NULL = 0x1c000000;
    public const int MPI_INFO_ENV = 0x5c000001;
    public const int MPI_WIN_NULL = 0x20000000;

    // Predefined datatypes.
    public const int MPI_CHAR = 0x4c000101;
    public const int MPI_SIGNED_CHAR = 0x4c000118;
    public const int MPI_UNSIGNED_CHAR = 0x4c000102;
    public const int MPI_BYTE = 0x4c00010d;
    public const int MPI_WCHAR = 0x4c00040e;
    public const int MPI_SHORT = 0x4c000203;
    public const int MPI_UNSIGNED_SHORT = 0x4c000204;
    public const int MPI_INT = 0x4c000405;
    public const int MPI_UNSIGNED = 0x4c000406;
    public const int MPI_LONG = 0x4c000807;
    public const int MPI_UNSIGNED_LONG = 0x4c000808;
    public const int MPI_FLOAT = 0x4c00040a;
    public const int MPI_DOUBLE = 0x4c00080b;
    public const int MPI_LONG_DOUBLE = 0x4c00100c;
    public const int MPI_LONG_LONG_INT = 0x4c000809;
    public const int MPI_UNSIGNED_LONG_LONG = 0x4c000819;
    public const int MPI_PACKED = 0x4c00010f;
    public const int MPI_INT8_T = 0x4c000137;
    public const int MPI_INT16_T = 0x4c000238;
    public const int MPI_INT32_T = 0x4c000439;
    public const int MPI_INT64_T = 0x4c00083a;
    public const int MPI_UINT8_T = 0x4c00013b;
    public const int MPI_UINT16_T = 0x4c00023c;
    public const int MPI_UINT32_T = 0x4c00043d;
    public const int MPI_UINT64_T = 0x4c00083e;
    public const int MPI_C_BOOL = 0x4c00013f;
    public const int MPI_AINT = 0x4c000843;
    public const int MPI_OFFSET = 0x4c000844;
    public const int MPI_COUNT = 0x4c000845;

    // Reduction operations.
    public const int MPI_MAX = 0x58000001;
    public const int MPI_MIN = 0x58000002;
    public const int MPI_SUM = 0x58000003;
    public const int MPI_PROD = 0x58000004;
    public const int MPI_LAND = 0x58000005;
    public const int MPI_BAND = 0x58000006;
    public const int MPI_LOR = 0x58000007;
    public const int MPI_BOR = 0x58000008;
    public const int MPI_LXOR = 0x58000009;
    public const int MPI_BXOR = 0x5800000a;
    public const int MPI_REPLACE = 0x5800000d;
    public const int MPI_NO_OP = 0x5800000e;

    // Error handlers.
    public const int MPI_ERRORS_ARE_FATAL = 0x54000000;
    public const int MPI_ERRORS_RETURN = 0x54000001;

    // Special values.
    public const int MPI_SUCCESS = 0;
    public const int MPI_UNDEFINED = -32766;
    public const int MPI_PROC_NULL = -1;
    public const int MPI_ANY_SOURCE = -2;
    public const int MPI_ANY_TAG = -1;
    public const int MPI_MAX_PROCESSOR_NAME = 128;
    public const int MPI_MAX_ERROR_STRING = 512;
    public const int MPI_MAX_INFO_KEY = 255;
    public const int MPI_MAX_INFO_VAL = 1024;
    public const int MPI_COMM_TYPE_SHARED = 1;
    public const int MPI_LOCK_EXCLUSIVE = 234;
    public const int MPI_LOCK_SHARED = 235;
    public const int MPI_MODE_NOCHECK = 1024;
    public const int MPI_MODE_NOSTORE = 2048;
    public const int MPI_MODE_NOPUT = 4096;
    public const int MPI_MODE_NOPRECEDE = 8192;
    public const int MPI_MODE_NOSUCCEED = 16384;
    public const int MPI_IDENT = 0;
    public const int MPI_CONGRUENT = 1;
    public const int MPI_SIMILAR = 2;
    public const int MPI_UNEQUAL = 3;

    /// <summary><c>MPI_IN_PLACE</c> is <c>(void*)-1</c> in MPICH.</summary>
    public static unsafe void* MPI_IN_PLACE => (void*)-1;
    /// <summary><c>MPI_STATUS_IGNORE</c> is <c>(MPI_Status*)1</c> in MPICH.</summary>
    public static unsafe MpiStatusRaw* MPI_STATUS_IGNORE => (MpiStatusRaw*)1;

    // MPI-IO (mpio.h).
    public const int MPI_MODE_CREATE = 1;
    public const int MPI_MODE_RDONLY = 2;
    public const int MPI_MODE_WRONLY = 4;
    public const int MPI_MODE_RDWR = 8;
    public const int MPI_MODE_DELETE_ON_CLOSE = 16;
    public const int MPI_MODE_UNIQUE_OPEN = 32;
    public const int MPI_MODE_EXCL = 64;
    public const int MPI_MODE_APPEND = 128;
    public const int MPI_MODE_SEQUENTIAL = 256;
    public const int MPI_SEEK_SET = 600;
    public const int MPI_SEEK_CUR = 602;
    public const int MPI_SEEK_END = 604;
    public const long MPI_DISPLACEMENT_CURRENT = -54278278;
    public const int MPI_ORDER_C = 56;
    public const int MPI_ORDER_FORTRAN = 57;
    public const int MPI_DISTRIBUTE_BLOCK = 121;
    public const int MPI_DISTRIBUTE_CYCLIC = 122;
    public const int MPI_DISTRIBUTE_NONE = 123;
    public const int MPI_DISTRIBUTE_DFLT_DARG = -49767;

    // Thread levels.
    public const int MPI_THREAD_SINGLE = 0;
    public const int MPI_THREAD_FUNNELED = 1;
    public const int MPI_THREAD_SERIALIZED = 2;
    public const int MPI_THREAD_MULTIPLE = 3;
#pragma warning restore CS1591

    /// <summary>Size in bytes of MPICH's <c>MPI_Status</c>.</summary>
    public const int StatusSize = 20;
}

/// <summary>
/// MPICH's <c>MPI_Status</c>: <c>{count_lo, count_hi_and_cancelled, MPI_SOURCE, MPI_TAG, MPI_ERROR}</c>.
/// The order differs from MS-MPI's; the byte count is split over the first two fields, the lowest bit
/// of the second being the cancelled flag.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct MpiStatusRaw
{
    /// <summary>Low 32 bits of the byte count.</summary>
    public int CountLo;
    /// <summary>High bits of the byte count shifted left by one, the cancelled flag in bit 0.</summary>
    public int CountHiAndCancelled;
    /// <summary><c>MPI_SOURCE</c>.</summary>
    public int Source;
    /// <summary><c>MPI_TAG</c>.</summary>
    public int Tag;
    /// <summary><c>MPI_ERROR</c>.</summary>
    public int Error;

    /// <summary>The number of bytes received, as MPICH's <c>MPIR_STATUS_GET_COUNT</c> computes it.</summary>
    public readonly long ByteCount => ((long)((uint)CountHiAndCancelled >> 1) << 32) + (uint)CountLo;

    /// <summary>Whether the operation was cancelled.</summary>
    public readonly bool Cancelled => (CountHiAndCancelled & 1) != 0;
}
