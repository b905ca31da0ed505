using MpiIo.Mpi;
using MpiIo.Storage.Local;
using MpiIo.Storage.Memory;

namespace MpiIo.Storage;

/// <summary>
/// The process-wide driver registry: picks a driver from a file name's <c>prefix:</c> as ROMIO's
/// <c>ADIO_ResolveFileType</c> does. <c>ufs</c> (<see cref="LocalFileDriver"/>) and <c>mem</c>
/// (<see cref="MemoryDriver"/>) are registered from the start; other components register theirs
/// (e.g. <c>pvfs</c>). Prefixes compare case-insensitively. Thread-safe.
/// </summary>
public static class StorageDrivers
{
    /// <summary>The prefix of the driver used for names without one.</summary>
    public const string LocalPrefix = "ufs";

    private static readonly Dictionary<string, IStorageDriver> Drivers = new(StringComparer.OrdinalIgnoreCase)
    {
        [LocalPrefix] = new LocalFileDriver(),
        ["mem"] = new MemoryDriver(),
    };

    // Drivers created on first use of their prefix: the striped file system's client needs its configuration
    // (MPIIO_PVFS_CONFIG or a tab file), which names without that prefix never should.
    private static readonly Dictionary<string, Func<IStorageDriver>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pvfs"] = Pvfs.PvfsDriver.FromEnvironment,
    };

    /// <summary>Registers <paramref name="driver"/> under its <see cref="IStorageDriver.Prefix"/>, replacing a driver registered under the same prefix.</summary>
    /// <exception cref="ArgumentException">The prefix is not two or more letters, digits, '_' or '-' starting with a letter (one letter would read as a Windows drive).</exception>
    public static void Register(IStorageDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        string prefix = driver.Prefix;
        if (!IsPrefix(prefix.AsSpan()))
            throw new ArgumentException($"Prefix '{prefix}' must be two or more letters, digits, '_' or '-', starting with a letter.", nameof(driver));
        lock (Drivers)
            Drivers[prefix] = driver;
    }

    /// <summary>Removes the driver registered under <paramref name="prefix"/>.</summary>
    /// <returns>Whether one was registered.</returns>
    public static bool Unregister(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (Drivers)
            return Drivers.Remove(prefix);
    }

    /// <summary>The driver registered under <paramref name="prefix"/>, if any.</summary>
    public static bool TryGet(string prefix, out IStorageDriver driver)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (Drivers)
            return Drivers.TryGetValue(prefix, out driver!);
    }

    /// <summary>
    /// Chooses the driver for <paramref name="filename"/> (the name given to <c>MPI_File_open</c> or
    /// <c>MPI_File_delete</c>) and strips its prefix. A name without a prefix, with a one-letter prefix (a
    /// Windows drive such as <c>C:</c>) or whose text before the first ':' is not a prefix word (e.g. it
    /// contains '/') goes to the local driver whole.
    /// </summary>
    /// <exception cref="StorageException">
    /// <see cref="ErrorClass.BadFile"/> for a prefix of two or more letters that no driver has: the file name
    /// itself is invalid (MPI's "invalid file name"). ROMIO reports <c>MPI_ERR_IO</c> ("unknown file system
    /// type") here; BAD_FILE tells the user what to fix.
    /// </exception>
    public static (IStorageDriver Driver, string Path) Resolve(string filename)
    {
        ArgumentNullException.ThrowIfNull(filename);
        int colon = filename.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !IsPrefix(filename.AsSpan(0, colon)))
            return (Local(), filename);
        string prefix = filename[..colon];
        lock (Drivers)
        {
            if (Drivers.TryGetValue(prefix, out IStorageDriver? driver))
                return (driver, filename[(colon + 1)..]);
            if (Factories.TryGetValue(prefix, out var factory))
            {
                try
                {
                    driver = factory();
                }
                catch (Exception e) when (e is not StorageException)
                {
                    throw new StorageException(ErrorClass.BadFile,
                        $"filename '{filename}': the '{prefix}' driver could not start: {e.Message}", e);
                }
                Drivers[prefix] = driver;
                return (driver, filename[(colon + 1)..]);
            }
        }
        throw new StorageException(ErrorClass.BadFile,
            $"filename '{filename}' names file system type '{prefix}', for which no driver is registered.");
    }

    private static IStorageDriver Local()
    {
        lock (Drivers)
        {
            if (Drivers.TryGetValue(LocalPrefix, out IStorageDriver? driver))
                return driver;
        }
        throw new StorageException(ErrorClass.BadFile, $"no driver is registered under '{LocalPrefix}' for names without a prefix.");
    }

    private static bool IsPrefix(ReadOnlySpan<char> text)
    {
        if (text.Length < 2 || !char.IsAsciiLetter(text[0]))
            return false;
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
                return false;
        }
        return true;
    }
}
