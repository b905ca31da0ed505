using System.Runtime.InteropServices;
using MpiIo.Mpi.Native;

namespace MpiIo.Native.Interop;

/// <summary>
/// The MPICH functions the C ABI needs beyond the binding's (<see cref="MpiNative"/>): datatype decoding,
/// attributes, generalized requests, status setters. They resolve through the binding's library handle,
/// so the preloaded library and the application share one MPICH instance, and a lookup in that handle
/// finds MPICH's own definitions, never this library's exports of the same names.
/// </summary>
internal static unsafe partial class Mpich
{
    private const string Lib = "mpich";

    static Mpich()
    {
        NativeLibrary.SetDllImportResolver(typeof(Mpich).Assembly, static (name, _, _) => name == Lib ? MpiNative.Load() : IntPtr.Zero);
    }

    /// <summary>The address of a variable or function MPICH exports (e.g. <c>MPI_F_STATUS_IGNORE</c>), or zero.</summary>
    public static IntPtr Export(string name)
    {
        try { return NativeLibrary.TryGetExport(MpiNative.Load(), name, out var p) ? p : IntPtr.Zero; }
        catch (DllNotFoundException) { return IntPtr.Zero; }
    }

    // Datatypes.
    [LibraryImport(Lib)] public static partial int MPI_Type_get_envelope_c(int datatype, long* numIntegers, long* numAddresses, long* numLargeCounts, long* numDatatypes, int* combiner);
    [LibraryImport(Lib)] public static partial int MPI_Type_get_contents(int datatype, int maxIntegers, int maxAddresses, int maxDatatypes, int* integers, nint* addresses, int* datatypes);
    [LibraryImport(Lib)] public static partial int MPI_Type_size_x(int datatype, long* size);
    [LibraryImport(Lib)] public static partial int MPI_Type_get_extent_x(int datatype, long* lb, long* extent);
    [LibraryImport(Lib)] public static partial int MPI_Type_dup(int datatype, int* newtype);
    [LibraryImport(Lib)] public static partial int MPI_Type_create_keyval(IntPtr copyFn, IntPtr deleteFn, int* keyval, void* extraState);
    [LibraryImport(Lib)] public static partial int MPI_Type_set_attr(int datatype, int keyval, void* value);
    [LibraryImport(Lib)] public static partial int MPI_Type_free_keyval(int* keyval);

    // Communicators.
    [LibraryImport(Lib)] public static partial int MPI_Comm_create_keyval(IntPtr copyFn, IntPtr deleteFn, int* keyval, void* extraState);
    [LibraryImport(Lib)] public static partial int MPI_Comm_set_attr(int comm, int keyval, void* value);
    [LibraryImport(Lib)] public static partial int MPI_Comm_free_keyval(int* keyval);
    [LibraryImport(Lib)] public static partial int MPI_Comm_test_inter(int comm, int* flag);

    // Statuses and generalized requests.
    [LibraryImport(Lib)] public static partial int MPI_Status_set_elements_x(MpiStatusRaw* status, int datatype, long count);
    [LibraryImport(Lib)] public static partial int MPI_Status_set_cancelled(MpiStatusRaw* status, int flag);
    [LibraryImport(Lib)] public static partial int MPI_Grequest_start(IntPtr queryFn, IntPtr freeFn, IntPtr cancelFn, void* extraState, int* request);
    [LibraryImport(Lib)] public static partial int MPI_Grequest_complete(int request);

    // Error handlers: MPICH's own MPI_File_create_errhandler makes the handle this library hands out.
    [LibraryImport(Lib)] public static partial int MPI_File_create_errhandler(IntPtr function, int* errhandler);
}
