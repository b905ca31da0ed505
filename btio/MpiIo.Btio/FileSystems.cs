using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Btio;

/// <summary>
/// The storage drivers btio's <c>--fs</c> prefix can name. The local file system is always there; the striped
/// file system's <c>pvfs:</c> driver is registered from the environment (<c>MPIIO_PVFS_CONFIG</c>, or
/// <c>MPIIO_PVFSTAB_FILE</c>) when the prefix asks for it.
/// </summary>
internal static class FileSystems
{
    /// <summary>Whether <paramref name="prefix"/> ("" or "ufs:") names the local file system.</summary>
    public static bool IsLocal(string prefix) =>
        prefix.Length == 0 || prefix.Equals(StorageDrivers.LocalPrefix + ":", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Registers the driver <paramref name="prefix"/> needs, if btio knows how and none is registered yet (a local
    /// call, made on every rank).
    /// </summary>
    /// <returns>The driver to dispose at exit, or null.</returns>
    /// <exception cref="StorageException">The striped file system's configuration is missing or unreadable.</exception>
    public static IDisposable? Register(string prefix)
    {
        string name = prefix.TrimEnd(':');
        if (!name.Equals("pvfs", StringComparison.OrdinalIgnoreCase) || StorageDrivers.TryGet(name, out _)) return null;
        var driver = PvfsDriver.FromEnvironment();
        StorageDrivers.Register(driver);
        return driver;
    }

    /// <summary>What is wrong with directory <paramref name="dir"/> on the non-local file system <paramref name="prefix"/>, or null.</summary>
    public static string? RemoteDirectoryProblem(string prefix, string dir)
    {
        if (!StorageDrivers.TryGet(prefix.TrimEnd(':'), out var driver))
            return $"no storage driver is registered for the file-system prefix '{prefix}'.";
        try
        {
            return driver.Exists(dir) ? null : $"the directory '{dir}' does not exist on '{prefix}'.";
        }
        catch (Exception e) when (e is StorageException or MpiException or IOException)
        {
            return $"the file system '{prefix}' cannot be reached: {e.Message}";
        }
    }
}
