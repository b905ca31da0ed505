using MpiIo.Errors;
using MpiIo.Mpi;

namespace MpiIo.Native.Errors;

/// <summary>
/// The MPI error code an exception becomes at the C boundary. Errors MPICH raised keep MPICH's own code;
/// errors MpiIo raised become their error class, which MPICH accepts as a code (so
/// <c>MPI_Error_class</c> and <c>MPI_Error_string</c> work on it).
/// </summary>
internal static class ErrorCodes
{
    /// <summary>The code for <paramref name="e"/>: never <c>MPI_SUCCESS</c>.</summary>
    public static int Of(Exception e)
    {
        if (e is MpiException m && m.ErrorCode != 0) return m.ErrorCode;
        var cls = e is DllNotFoundException or EntryPointNotFoundException ? ErrorClass.Intern : IoErrors.ClassOf(e);
        return cls == ErrorClass.Success ? (int)ErrorClass.Other : (int)cls;
    }
}
