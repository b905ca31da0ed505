using MpiIo.Mpi;

namespace MpiIo.Storage;

/// <summary>
/// The one place where operating-system errors become MPI error classes (ROMIO's
/// <c>ADIOI_Err_create_code</c>). Linux errno values.
/// </summary>
internal static class OsErrors
{
    internal const int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EBADF = 9, EAGAIN = 11, EACCES = 13,
        EEXIST = 17, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, EFBIG = 27, ENOSPC = 28, EROFS = 30,
        ENAMETOOLONG = 36, ENOSYS = 38, EOPNOTSUPP = 95, EDQUOT = 122;

    /// <summary>The MPI error class of an errno value.</summary>
    internal static ErrorClass ToErrorClass(int errno) => errno switch
    {
        ENOENT => ErrorClass.NoSuchFile,
        EEXIST => ErrorClass.FileExists,
        EACCES or EPERM => ErrorClass.Access,
        ENOSPC or EFBIG => ErrorClass.NoSpace,
        EDQUOT => ErrorClass.Quota,
        EROFS => ErrorClass.ReadOnly,
        EISDIR or ENOTDIR or ENAMETOOLONG => ErrorClass.BadFile,
        _ => ErrorClass.IO,
    };

    /// <summary>An exception for a failed OS call on <paramref name="path"/>.</summary>
    internal static StorageException FromErrno(int errno, string operation, string path)
        => new(ToErrorClass(errno), $"{operation} '{path}' failed: {Describe(errno)} (errno {errno}).");

    /// <summary>
    /// An exception for a failure .NET reported while doing I/O on <paramref name="path"/>. On Unix .NET
    /// keeps the raw errno in <see cref="Exception.HResult"/> of plain <see cref="IOException"/>s and turns a
    /// few errnos into dedicated types; both are mapped here.
    /// </summary>
    internal static StorageException FromException(Exception e, string operation, string path)
    {
        if (e is StorageException se)
            return se;
        ErrorClass errorClass = e switch
        {
            FileNotFoundException or DirectoryNotFoundException => ErrorClass.NoSuchFile,
            PathTooLongException => ErrorClass.BadFile,
            UnauthorizedAccessException => ErrorClass.Access,
            ObjectDisposedException => ErrorClass.File,
            IOException io when io.HResult > 0 && io.HResult < 4096 => ToErrorClass(io.HResult),
            _ => ErrorClass.IO,
        };
        return new StorageException(errorClass, $"{operation} '{path}' failed: {e.Message}", e);
    }

    private static string Describe(int errno) => errno switch
    {
        ENOENT => "no such file or directory",
        EEXIST => "file exists",
        EACCES => "permission denied",
        EPERM => "operation not permitted",
        ENOSPC => "no space left on device",
        EFBIG => "file too large",
        EDQUOT => "disk quota exceeded",
        EROFS => "read-only file system",
        EISDIR => "is a directory",
        ENOTDIR => "not a directory",
        ENAMETOOLONG => "file name too long",
        EBADF => "bad file descriptor",
        EINVAL => "invalid argument",
        EIO => "input/output error",
        _ => "system error",
    };
}
