namespace MpiIo.Storage;

/// <summary>
/// A storage driver: one per kind of file system, chosen from the file name's prefix as ROMIO does
/// (<c>ufs:</c>, <c>pvfs:</c>, <c>mem:</c>; no prefix means the local file system).
/// </summary>
public interface IStorageDriver
{
    /// <summary>The prefix without its colon, e.g. <c>ufs</c>.</summary>
    string Prefix { get; }

    /// <summary>What files of this driver support.</summary>
    DriverFeatures Features { get; }

    /// <summary>Opens (and with <see cref="StorageOpenMode.Create"/> creates) a file.</summary>
    /// <param name="path">The path without the prefix.</param>
    /// <param name="mode">Access and creation.</param>
    /// <param name="hints">Hints by ROMIO's names (striping_unit, striping_factor, start_iodevice, …); unknown ones are ignored.</param>
    IStorageFile Open(string path, StorageOpenMode mode, IReadOnlyDictionary<string, string> hints);

    /// <summary>Deletes a file (<c>MPI_File_delete</c>); <c>MPI_ERR_NO_SUCH_FILE</c> when it is missing.</summary>
    void Delete(string path);

    /// <summary>Whether the file exists.</summary>
    bool Exists(string path);
}
