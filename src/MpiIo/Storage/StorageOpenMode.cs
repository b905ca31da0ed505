namespace MpiIo.Storage;

/// <summary>How a driver opens a file; the MPI amode after the MPI layer has checked its rules.</summary>
[Flags]
public enum StorageOpenMode
{
    /// <summary>Open for reading.</summary>
    Read = 1,
    /// <summary>Open for writing.</summary>
    Write = 2,
    /// <summary>Open for reading and writing.</summary>
    ReadWrite = Read | Write,
    /// <summary>Create the file if it does not exist.</summary>
    Create = 4,
    /// <summary>With <see cref="Create"/>: fail with <c>MPI_ERR_FILE_EXISTS</c> if it exists.</summary>
    Exclusive = 8,
}
