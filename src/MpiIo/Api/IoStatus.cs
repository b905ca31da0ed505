using MpiIo.Datatypes;
using MpiIo.Mpi.Native;

namespace MpiIo;

/// <summary>
/// The status of a file access (<c>MPI_Status</c> of an I/O call): how many bytes moved. A read that meets
/// the end of file moves fewer bytes than asked.
/// </summary>
/// <param name="Bytes">Bytes read or written.</param>
public readonly record struct IoStatus(long Bytes)
{
    /// <summary><c>MPI_Get_count</c>: whole copies of <paramref name="datatype"/> moved, or <c>MPI_UNDEFINED</c> (-32766) for a partial copy.</summary>
    public long GetCount(Datatype datatype)
    {
        ArgumentNullException.ThrowIfNull(datatype);
        if (datatype.Size == 0) return 0;
        return Bytes % datatype.Size == 0 ? Bytes / datatype.Size : MpiAbi.MPI_UNDEFINED;
    }
}
