using MpiIo.Native.Errors;
using MpiIo.Native.Runtime;

namespace MpiIo.Native.Files;

// Error handlers and handle conversion.
internal static unsafe partial class FileCalls
{
    /// <summary><c>MPI_File_create_errhandler</c> (C, or Fortran for <paramref name="fortran"/>).</summary>
    public static int CreateErrhandler(nint function, int* errhandler, bool fortran)
    {
        try
        {
            Require(errhandler, "errhandler");
            *errhandler = FileErrors.Create(function, fortran);
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(null, 0, "MPI_File_create_errhandler", e); }
    }

    /// <summary><c>MPI_File_set_errhandler</c>; on MPI_FILE_NULL it sets the default for opens and file-less calls.</summary>
    public static int SetErrhandler(nint fh, int errhandler)
    {
        NativeFile? file = null;
        try
        {
            if (fh == 0)
            {
                FileErrors.Default = FileErrors.Resolve(errhandler);
                return 0;
            }
            file = Lookup(fh);
            file.ErrorHandler = FileErrors.Resolve(errhandler);
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, "MPI_File_set_errhandler", e); }
    }

    /// <summary>
    /// <c>MPI_File_get_errhandler</c>: a reference the program frees. MPICH has no call that adds a reference to
    /// a handle, so a user handler comes back as a new handle of the same function.
    /// </summary>
    public static int GetErrhandler(nint fh, int* errhandler)
    {
        NativeFile? file = null;
        try
        {
            Require(errhandler, "errhandler");
            if (fh != 0) file = Lookup(fh);
            var handler = file?.ErrorHandler ?? FileErrors.Default;
            *errhandler = handler.Function == 0 ? handler.Handle : FileErrors.Create(handler.Function, handler.Fortran);
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, "MPI_File_get_errhandler", e); }
    }

    /// <summary><c>MPI_File_call_errhandler</c>: MPI_SUCCESS once the handler returned.</summary>
    public static int CallErrhandler(nint fh, int errorcode)
    {
        NativeFile? file = null;
        try
        {
            if (fh != 0) file = Lookup(fh);
            FileErrors.Invoke(file?.ErrorHandler ?? FileErrors.Default, file, fh, "MPI_File_call_errhandler", errorcode, null);
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, "MPI_File_call_errhandler", e); }
    }

    /// <summary><c>MPI_File_c2f</c>.</summary>
    public static int C2f(nint fh) => Session.Files.ToFortran(fh);

    /// <summary><c>MPI_File_f2c</c>.</summary>
    public static nint F2c(int fortran) => Session.Files.FromFortran(fortran);
}
