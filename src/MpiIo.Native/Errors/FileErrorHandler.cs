using C = MpiIo.Native.Interop.MpichConstants;

namespace MpiIo.Native.Errors;

/// <summary>
/// A file error handler: its MPICH handle and, for one made by <c>MPI_File_create_errhandler</c>, the
/// application's function and the language it was written in (a Fortran handler takes Fortran handles).
/// </summary>
/// <param name="Handle">The <c>MPI_Errhandler</c>.</param>
/// <param name="Function">The user function, or zero for the predefined handlers.</param>
/// <param name="Fortran">Whether <see cref="Function"/> is a Fortran subroutine.</param>
internal sealed record FileErrorHandler(int Handle, nint Function, bool Fortran)
{
    /// <summary><c>MPI_ERRORS_RETURN</c>: the default for files.</summary>
    public static readonly FileErrorHandler Return = new(C.ErrorsReturn, 0, false);

    /// <summary><c>MPI_ERRORS_ARE_FATAL</c>.</summary>
    public static readonly FileErrorHandler Fatal = new(C.ErrorsAreFatal, 0, false);

    /// <summary><c>MPI_ERRORS_ABORT</c> (MPI-4): aborts the processes of the file's communicator.</summary>
    public static readonly FileErrorHandler Abort = new(C.ErrorsAbort, 0, false);

    /// <summary>MPICH's C++ handler, which for C callers returns like <see cref="Return"/>.</summary>
    public static readonly FileErrorHandler ThrowExceptions = new(C.ErrorsThrowExceptions, 0, false);
}
