using MpiIo.Mpi;

namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>A frame or payload broke the PVFS protocol (bad magic or version, oversized, truncated, out of range).</summary>
public sealed class PvfsProtocolException : StorageException
{
    /// <summary>Creates the exception with class <c>MPI_ERR_IO</c>.</summary>
    public PvfsProtocolException(string message) : base(ErrorClass.IO, "pvfs protocol: " + message) { }
}
