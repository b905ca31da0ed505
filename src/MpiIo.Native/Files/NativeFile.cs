using MpiIo.Mpi;
using MpiIo.Native.Errors;

namespace MpiIo.Native.Files;

/// <summary>
/// What stands behind one C <c>MPI_File</c>: the open <see cref="MpiFile"/>, the duplicate of the
/// application's communicator it was opened on, its error handler, and MPICH handles of the view's
/// datatypes for <c>MPI_File_get_view</c>.
/// </summary>
internal sealed class NativeFile
{
    public NativeFile(MpiFile file, Communicator communicator, FileErrorHandler errorHandler)
    {
        File = file;
        Communicator = communicator;
        ErrorHandler = errorHandler;
    }

    /// <summary>The MpiIo file.</summary>
    public MpiFile File { get; }

    /// <summary>The duplicate of the communicator the application passed to <c>MPI_File_open</c>, freed at close.</summary>
    public Communicator Communicator { get; }

    /// <summary><c>MPI_File_set_errhandler</c>'s handler (inherited from MPI_FILE_NULL's at open).</summary>
    public FileErrorHandler ErrorHandler { get; set; }

    /// <summary>The view's etype and filetype as MPICH handles: named types themselves, derived ones as this file's own duplicates.</summary>
    public ViewTypes ViewTypes { get; set; } = ViewTypes.Default;
}
