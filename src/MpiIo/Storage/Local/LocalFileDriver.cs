using MpiIo.Mpi;
using Microsoft.Win32.SafeHandles;

namespace MpiIo.Storage.Local;

/// <summary>
/// The local (POSIX) file system driver, ROMIO's <c>ad_ufs</c>: prefix <c>ufs</c>, and the driver for
/// names without a prefix. Positional I/O without a shared file pointer, open file description locks,
/// fsync for <c>MPI_File_sync</c>.
/// </summary>
public sealed class LocalFileDriver : IStorageDriver
{
    /// <summary>What local files support: no native list I/O, so list calls loop per block.</summary>
    public const DriverFeatures LocalFeatures =
        DriverFeatures.Locks | DriverFeatures.AtomicMode | DriverFeatures.DataSievingWrites | DriverFeatures.DurableFlush;

    /// <inheritdoc/>
    public string Prefix => "ufs";

    /// <inheritdoc/>
    public DriverFeatures Features => LocalFeatures;

    /// <inheritdoc/>
    /// <exception cref="StorageException"><see cref="ErrorClass.NoSuchFile"/>, <see cref="ErrorClass.FileExists"/>,
    /// <see cref="ErrorClass.Access"/>, <see cref="ErrorClass.BadFile"/> (a directory, a bad name), … as the OS reports.</exception>
    public IStorageFile Open(string path, StorageOpenMode mode, IReadOnlyDictionary<string, string> hints)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
            throw new StorageException(ErrorClass.BadFile, $"path '{path}' is empty or contains a NUL character.");
        bool read = (mode & StorageOpenMode.Read) != 0;
        bool write = (mode & StorageOpenMode.Write) != 0;
        if (!read && !write)
            throw new StorageException(ErrorClass.Amode, $"mode {mode} asks for neither reading nor writing.");
        if ((mode & StorageOpenMode.Exclusive) != 0 && (mode & StorageOpenMode.Create) == 0)
            throw new StorageException(ErrorClass.Amode, $"mode {mode} has Exclusive without Create.");

        int flags = read && write ? LibC.O_RDWR : write ? LibC.O_WRONLY : LibC.O_RDONLY;
        if ((mode & StorageOpenMode.Create) != 0)
            flags |= LibC.O_CREAT;
        if ((mode & StorageOpenMode.Exclusive) != 0)
            flags |= LibC.O_EXCL;
        int errno = LibC.Open(path, flags, out SafeFileHandle handle);
        if (errno != 0)
            throw OsErrors.FromErrno(errno, "open", path);
        // A directory opens fine read-only; reject it as open(O_RDWR) would.
        if (Directory.Exists(path))
        {
            handle.Dispose();
            throw OsErrors.FromErrno(OsErrors.EISDIR, "open", path);
        }
        return new LocalFile(handle, path, read, write);
    }

    /// <inheritdoc/>
    public void Delete(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int errno = LibC.Unlink(path);
        if (errno != 0)
            throw OsErrors.FromErrno(errno, "delete", path);
    }

    /// <inheritdoc/>
    public bool Exists(string path) => File.Exists(path);
}
