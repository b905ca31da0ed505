using MpiIo.Mpi;

namespace MpiIo.Storage.Memory;

/// <summary>
/// Files in process memory, prefix <c>mem</c>: named, shared by every handle opened through this driver
/// instance (the one registered in <see cref="StorageDrivers"/> makes them process-wide), with
/// in-process byte-range locks. For tests and for staging data that never needs to reach a disk.
/// </summary>
public sealed class MemoryDriver : IStorageDriver
{
    /// <summary>What memory files support. Locks are process-local, which is the whole world of these files.</summary>
    public const DriverFeatures MemoryFeatures =
        DriverFeatures.Locks | DriverFeatures.AtomicMode | DriverFeatures.DataSievingWrites | DriverFeatures.ListIO;

    private readonly Dictionary<string, MemoryFileContent> _files = new(StringComparer.Ordinal);

    /// <summary>Creates a driver with no files.</summary>
    /// <param name="maxFileSize">The largest size a file may reach; growing beyond it fails with <see cref="ErrorClass.NoSpace"/>.</param>
    public MemoryDriver(long maxFileSize = long.MaxValue)
    {
        if (maxFileSize < 0)
            throw new ArgumentOutOfRangeException(nameof(maxFileSize), maxFileSize, "The size limit is negative.");
        MaxFileSize = maxFileSize;
    }

    /// <summary>The largest size a file may reach.</summary>
    public long MaxFileSize { get; }

    /// <inheritdoc/>
    public string Prefix => "mem";

    /// <inheritdoc/>
    public DriverFeatures Features => MemoryFeatures;

    /// <inheritdoc/>
    public IStorageFile Open(string path, StorageOpenMode mode, IReadOnlyDictionary<string, string> hints)
    {
        CheckPath(path);
        bool read = (mode & StorageOpenMode.Read) != 0;
        bool write = (mode & StorageOpenMode.Write) != 0;
        if (!read && !write)
            throw new StorageException(ErrorClass.Amode, $"mode {mode} asks for neither reading nor writing.");
        if ((mode & StorageOpenMode.Exclusive) != 0 && (mode & StorageOpenMode.Create) == 0)
            throw new StorageException(ErrorClass.Amode, $"mode {mode} has Exclusive without Create.");
        MemoryFileContent? content;
        lock (_files)
        {
            if (_files.TryGetValue(path, out content))
            {
                if ((mode & StorageOpenMode.Exclusive) != 0)
                    throw new StorageException(ErrorClass.FileExists, $"'{path}' exists.");
            }
            else if ((mode & StorageOpenMode.Create) != 0)
            {
                content = new MemoryFileContent(MaxFileSize);
                _files.Add(path, content);
            }
            else
            {
                throw new StorageException(ErrorClass.NoSuchFile, $"'{path}' does not exist.");
            }
        }
        return new MemoryFile(content, path, read, write);
    }

    /// <inheritdoc/>
    /// <remarks>Handles still open keep the bytes, as after <c>unlink</c>.</remarks>
    public void Delete(string path)
    {
        CheckPath(path);
        lock (_files)
        {
            if (!_files.Remove(path))
                throw new StorageException(ErrorClass.NoSuchFile, $"'{path}' does not exist.");
        }
    }

    /// <inheritdoc/>
    public bool Exists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_files)
            return _files.ContainsKey(path);
    }

    private static void CheckPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
            throw new StorageException(ErrorClass.BadFile, "path is empty.");
    }
}
