using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Btio;

/// <summary>
/// The file systems btio's <c>--fs</c> prefix can name: the local one, and whatever driver the library starts for
/// a prefix (the striped file system's <c>pvfs:</c> driver starts from <c>MPIIO_PVFS_CONFIG</c> on first use).
/// </summary>
internal static class FileSystems
{
    /// <summary>Whether <paramref name="prefix"/> ("" or "ufs:") names the local file system.</summary>
    public static bool IsLocal(string prefix) =>
        prefix.Length == 0 || prefix.Equals(StorageDrivers.LocalPrefix + ":", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with directory <paramref name="dir"/> on the non-local file system <paramref name="prefix"/>, or null.</summary>
    public static string? RemoteDirectoryProblem(string prefix, string dir)
    {
        IStorageDriver driver;
        try
        {
            driver = StorageDrivers.Resolve(prefix + dir).Driver;
        }
        catch (StorageException e)
        {
            return $"the file system '{prefix}' is not available: {e.Message}";
        }
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
