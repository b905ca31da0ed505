using System.Runtime.InteropServices;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Runtime;

namespace MpiIo.Native.Files;

/// <summary>
/// The MPI file interface with C arguments: what every exported <c>MPI_File_*</c> (and <c>PMPI_File_*</c>,
/// large-count and Fortran) entry point runs. Each call returns an MPI error code; nothing escapes as an
/// exception, every failure goes through the error handler in force.
/// </summary>
internal static unsafe partial class FileCalls
{
    /// <summary>The open file behind <paramref name="fh"/>.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.File"/> for MPI_FILE_NULL or a handle that is not (or no longer) an open file.</exception>
    private static NativeFile Lookup(nint fh)
    {
        Session.Ensure();
        if (Session.Files.TryGet(fh, out var file)) return file;
        throw new MpiException(ErrorClass.File, fh == 0 ? "The file handle is MPI_FILE_NULL." : $"0x{fh:x} is not an open file handle.");
    }

    private static string Text(byte* s, string name) =>
        s == null ? throw new MpiException(ErrorClass.Arg, $"{name} must not be NULL.") : Marshal.PtrToStringUTF8((IntPtr)s)!;

    private static void Require(void* p, string name)
    {
        if (p == null) throw new MpiException(ErrorClass.Arg, $"{name} must not be NULL.");
    }

    /// <summary>The hints of an application's <c>MPI_Info</c> (null for MPI_INFO_NULL).</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Info"/> for a handle that is not an info object.</exception>
    private static IReadOnlyDictionary<string, string>? Hints(int info)
    {
        if (info == MpiAbi.MPI_INFO_NULL) return null;
        if (((uint)info >> 30) == 0 || ((info >> 26) & 0xF) != 7)
            throw new MpiException(ErrorClass.Info, $"0x{info:x8} is not an info handle.");
        return MpiInfo.ToDictionary(info);
    }
}
