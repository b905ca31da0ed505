using MpiIo.Mpi.Native;

namespace MpiIo;

/// <summary>The <c>whence</c> of <see cref="MpiFile.Seek"/>.</summary>
public enum Whence
{
    /// <summary><c>MPI_SEEK_SET</c>: from the start of the view.</summary>
    Set = MpiAbi.MPI_SEEK_SET,
    /// <summary><c>MPI_SEEK_CUR</c>: from the current position.</summary>
    Current = MpiAbi.MPI_SEEK_CUR,
    /// <summary><c>MPI_SEEK_END</c>: from the end of the file, in the view.</summary>
    End = MpiAbi.MPI_SEEK_END,
}
