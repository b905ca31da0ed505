using MpiIo.Mpi;

namespace MpiIo.Storage;

/// <summary>A storage driver failed; carries the MPI error class the failure maps to.</summary>
public class StorageException : IOException
{
    /// <summary>Creates the exception.</summary>
    public StorageException(ErrorClass errorClass, string message, Exception? inner = null)
        : base(message, inner) => ErrorClass = errorClass;

    /// <summary>The MPI error class (e.g. <see cref="ErrorClass.NoSuchFile"/>, <see cref="ErrorClass.NoSpace"/>).</summary>
    public ErrorClass ErrorClass { get; }
}
