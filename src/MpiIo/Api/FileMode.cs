using MpiIo.Mpi.Native;

namespace MpiIo;

/// <summary>The access mode of <see cref="MpiFile.Open(MpiIo.Mpi.Communicator, string, FileMode, IReadOnlyDictionary{string, string}?)"/> (MPI's <c>amode</c>); the values are MPICH's.</summary>
[Flags]
public enum FileMode
{
    /// <summary><c>MPI_MODE_CREATE</c>: create the file if it does not exist.</summary>
    Create = MpiAbi.MPI_MODE_CREATE,
    /// <summary><c>MPI_MODE_RDONLY</c>.</summary>
    ReadOnly = MpiAbi.MPI_MODE_RDONLY,
    /// <summary><c>MPI_MODE_WRONLY</c>.</summary>
    WriteOnly = MpiAbi.MPI_MODE_WRONLY,
    /// <summary><c>MPI_MODE_RDWR</c>.</summary>
    ReadWrite = MpiAbi.MPI_MODE_RDWR,
    /// <summary><c>MPI_MODE_DELETE_ON_CLOSE</c>: delete the file when it is closed.</summary>
    DeleteOnClose = MpiAbi.MPI_MODE_DELETE_ON_CLOSE,
    /// <summary><c>MPI_MODE_UNIQUE_OPEN</c>: no one else opens the file concurrently.</summary>
    UniqueOpen = MpiAbi.MPI_MODE_UNIQUE_OPEN,
    /// <summary><c>MPI_MODE_EXCL</c>: with <see cref="Create"/>, fail if the file exists.</summary>
    Exclusive = MpiAbi.MPI_MODE_EXCL,
    /// <summary><c>MPI_MODE_APPEND</c>: the file pointers start at the end of the file.</summary>
    Append = MpiAbi.MPI_MODE_APPEND,
    /// <summary><c>MPI_MODE_SEQUENTIAL</c>: the file is accessed sequentially only (no explicit offsets).</summary>
    Sequential = MpiAbi.MPI_MODE_SEQUENTIAL,
}
