using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Errors;

/// <summary>
/// The one place that maps MPI error classes to exception types: classes that describe a file or the
/// storage behind it become <see cref="StorageException"/> (an <see cref="IOException"/>), the others
/// <see cref="MpiException"/>.
/// </summary>
public static class IoErrors
{
    /// <summary>Whether <paramref name="errorClass"/> describes a file or its storage.</summary>
    public static bool IsFileClass(ErrorClass errorClass) => errorClass is ErrorClass.Access or ErrorClass.BadFile
        or ErrorClass.FileExists or ErrorClass.FileInUse or ErrorClass.File or ErrorClass.IO or ErrorClass.NoSpace
        or ErrorClass.NoSuchFile or ErrorClass.Quota or ErrorClass.ReadOnly or ErrorClass.Conversion or ErrorClass.DupDatarep;

    /// <summary>Creates the exception for an error class.</summary>
    public static Exception Create(ErrorClass errorClass, string message, Exception? inner = null) =>
        IsFileClass(errorClass) ? new StorageException(errorClass, message, inner) : new MpiException(errorClass, message, inner);

    /// <summary>The MPI error class an exception stands for.</summary>
    public static ErrorClass ClassOf(Exception e) => e switch
    {
        MpiException m => m.ErrorClass,
        StorageException s => s.ErrorClass,
        ObjectDisposedException => ErrorClass.File,
        ArgumentOutOfRangeException => ErrorClass.Arg,
        ArgumentException => ErrorClass.Arg,
        OutOfMemoryException => ErrorClass.NoMem,
        UnauthorizedAccessException => ErrorClass.Access,
        FileNotFoundException or DirectoryNotFoundException => ErrorClass.NoSuchFile,
        IOException => ErrorClass.IO,
        _ => ErrorClass.Other,
    };
}
