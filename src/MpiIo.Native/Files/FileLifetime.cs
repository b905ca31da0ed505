using MpiIo.Mpi;
using MpiIo.Native.Errors;
using MpiIo.Native.Interop;
using MpiIo.Native.Runtime;

namespace MpiIo.Native.Files;

/// <summary>Opening and closing files for C callers: the communicator duplicate, the handle, the resources of the view.</summary>
internal static unsafe class FileLifetime
{
    /// <summary>
    /// <c>MPI_File_open</c> (collective): opens on a duplicate of <paramref name="comm"/>, as ROMIO does, so
    /// MpiIo's messages never meet the application's and its error handler is MpiIo's own.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Comm"/> for a null, invalid or inter-communicator.</exception>
    public static nint Open(int comm, string filename, int amode, IReadOnlyDictionary<string, string>? hints)
    {
        if (((uint)comm >> 30) == 0 || ((comm >> 26) & 0xF) != 1)
            throw new MpiException(ErrorClass.Comm, comm == Mpi.Native.MpiAbi.MPI_COMM_NULL ? "The communicator is MPI_COMM_NULL." : $"0x{comm:x8} is not a communicator.");
        int inter;
        MpiError.Check(Mpich.MPI_Comm_test_inter(comm, &inter));
        if (inter != 0) throw new MpiException(ErrorClass.Comm, "MPI_File_open needs an intra-communicator.");
        var dup = Communicator.FromHandle(comm).Dup();
        try
        {
            var file = MpiFile.Open(dup, filename, (FileMode)amode, hints);
            try
            {
                // The file holds its own reference to the handler it inherits from MPI_FILE_NULL.
                var handler = FileErrors.Default;
                FileErrors.Retain(handler);
                return Session.Files.Add(new NativeFile(file, dup, handler));
            }
            catch
            {
                file.Close();
                throw;
            }
        }
        catch
        {
            dup.Dispose();
            throw;
        }
    }

    /// <summary><c>MPI_File_close</c> (collective): the handle dies once the file is closed, also when closing reports an error; a refused close keeps both.</summary>
    public static void Close(nint handle, NativeFile file)
    {
        try { file.File.Close(); }
        finally
        {
            // A refused close (accesses still pending) leaves the file open on every rank, and its handle with it.
            if (!file.File.IsOpen)
            {
                Session.Files.Remove(handle);
                file.ViewTypes.Release();
                file.Communicator.Dispose();
                FileErrors.Release(file.ErrorHandler);
            }
        }
    }
}
