using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Files;
using MpiIo.Native.Interop;
using MpiIo.Native.Runtime;
using C = MpiIo.Native.Interop.MpichConstants;

namespace MpiIo.Native.Errors;

/// <summary>
/// Error handling at the C boundary: every failure of an exported call goes through the error handler of
/// its file, or of MPI_FILE_NULL for calls without one (open, delete, a bad handle), as the standard
/// says. <c>MPI_ERRORS_RETURN</c> (the default) returns the code; <c>MPI_ERRORS_ARE_FATAL</c> prints the
/// message and aborts <c>MPI_COMM_WORLD</c>; <c>MPI_ERRORS_ABORT</c> aborts the file's communicator; a
/// handler from <c>MPI_File_create_errhandler</c> is called with the file and the code.
/// </summary>
internal static unsafe class FileErrors
{
    private static readonly object s_gate = new();
    private static readonly Dictionary<int, FileErrorHandler> s_created = new();
    private static FileErrorHandler s_default = FileErrorHandler.Return;

    /// <summary>MPI_FILE_NULL's handler: used by calls without a file and inherited by files at open.</summary>
    public static FileErrorHandler Default
    {
        get { lock (s_gate) return s_default; }
        set { lock (s_gate) s_default = value; }
    }

    /// <summary>
    /// <c>MPI_File_create_errhandler</c>: MPICH makes the handle (so <c>MPI_Errhandler_free</c> works on it),
    /// this library remembers the function behind it.
    /// </summary>
    public static int Create(nint function, bool fortran)
    {
        if (function == 0) throw new MpiException(ErrorClass.Arg, "The error handler function must not be null.");
        int handle;
        MpiError.Check(Mpich.MPI_File_create_errhandler(function, &handle));
        lock (s_gate) s_created[handle] = new FileErrorHandler(handle, function, fortran);
        return handle;
    }

    /// <summary>The handler behind an <c>MPI_Errhandler</c> given to <c>MPI_File_set_errhandler</c>.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a handle that is not a file error handler.</exception>
    public static FileErrorHandler Resolve(int handle)
    {
        switch (handle)
        {
            case C.ErrorsReturn: return FileErrorHandler.Return;
            case C.ErrorsAreFatal: return FileErrorHandler.Fatal;
            case C.ErrorsAbort: return FileErrorHandler.Abort;
            case C.ErrorsThrowExceptions: return FileErrorHandler.ThrowExceptions;
        }
        lock (s_gate)
        {
            if (s_created.TryGetValue(handle, out var h)) return h;
        }
        throw new MpiException(ErrorClass.Arg, $"0x{handle:x8} is not an error handler made by MPI_File_create_errhandler.");
    }

    /// <summary>Reports <paramref name="e"/>, raised by <paramref name="call"/>, through the handler in force.</summary>
    /// <param name="file">The file the call was about, or null (then MPI_FILE_NULL's handler applies).</param>
    /// <param name="handle">The C handle the application passed (given to a user handler).</param>
    /// <param name="call">The MPI function that failed, for the fatal handlers' message.</param>
    /// <param name="e">The failure.</param>
    /// <returns>The error code the call returns (when the handler returns).</returns>
    public static int Raise(NativeFile? file, nint handle, string call, Exception e) =>
        Invoke(file?.ErrorHandler ?? Default, file, handle, call, ErrorCodes.Of(e), e.Message);

    /// <summary>Calls <paramref name="handler"/> for <paramref name="code"/>; <c>MPI_File_call_errhandler</c> too.</summary>
    public static int Invoke(FileErrorHandler handler, NativeFile? file, nint handle, string call, int code, string? message)
    {
        switch (handler.Handle)
        {
            case C.ErrorsReturn:
            case C.ErrorsThrowExceptions:
                return code;
            case C.ErrorsAreFatal:
                Report(call, code, message);
                MpiNative.MPI_Abort(MpiAbi.MPI_COMM_WORLD, code);
                return code;
            case C.ErrorsAbort:
                Report(call, code, message);
                MpiNative.MPI_Abort(file?.Communicator.Handle ?? MpiAbi.MPI_COMM_SELF, code);
                return code;
        }
        int c = code;
        if (handler.Fortran)
        {
            int f = Session.Files.ToFortran(handle);
            ((delegate* unmanaged<int*, int*, void>)handler.Function)(&f, &c);
        }
        else
        {
            nint h = handle;
            ((delegate* unmanaged<nint*, int*, void>)handler.Function)(&h, &c);
        }
        return code;
    }

    private static void Report(string call, int code, string? message)
    {
        try
        {
            Console.Error.WriteLine($"Fatal error in {call}: {MpiError.Describe(code)}{(message is null ? "" : ": " + message)}");
            Console.Error.Flush();
        }
        catch (IOException)
        {
            // Nothing more to do: the abort follows either way.
        }
    }
}
