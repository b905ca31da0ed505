using System.Globalization;
using MpiIo.Mpi;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// The storage driver for <c>pvfs:</c> file names. Honours ROMIO's striping hints at create:
/// <c>striping_unit</c> (stripe size in bytes), <c>striping_factor</c> (I/O servers per file, clamped to those
/// there are) and <c>start_iodevice</c> (the first I/O server); invalid hint values are ignored, as ROMIO does.
/// </summary>
public sealed class PvfsDriver : IStorageDriver, IDisposable
{
    private readonly bool _ownsClient;

    /// <summary>A driver over an existing client (not disposed with the driver).</summary>
    public PvfsDriver(PvfsClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
    }

    /// <summary>A driver with its own client for <paramref name="config"/>.</summary>
    public PvfsDriver(PvfsConfig config)
    {
        Client = new PvfsClient(config);
        _ownsClient = true;
    }

    /// <summary>A driver configured from <c>MPIIO_PVFS_CONFIG</c> (or the tab file in <c>MPIIO_PVFSTAB_FILE</c>).</summary>
    public static PvfsDriver FromEnvironment() => new(PvfsConfig.FromEnvironment());

    /// <summary>The client underneath.</summary>
    public PvfsClient Client { get; }

    /// <inheritdoc/>
    public string Prefix => "pvfs";

    /// <inheritdoc/>
    public DriverFeatures Features => PvfsFile.PvfsFeatures;

    // Names normally arrive without the prefix; a "pvfs:" left on is tolerated.
    private static string Strip(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.StartsWith("pvfs:", StringComparison.Ordinal) ? path["pvfs:".Length..] : path;
    }

    /// <inheritdoc/>
    public IStorageFile Open(string path, StorageOpenMode mode, IReadOnlyDictionary<string, string> hints)
    {
        path = Strip(path);
        ArgumentNullException.ThrowIfNull(hints);
        if ((mode & StorageOpenMode.ReadWrite) == 0)
            throw new StorageException(ErrorClass.Amode, $"pvfs: open of '{path}' asks for neither reading nor writing");
        if ((mode & StorageOpenMode.Exclusive) != 0 && (mode & StorageOpenMode.Create) == 0)
            throw new StorageException(ErrorClass.Amode, $"pvfs: open of '{path}' asks for exclusive without create");
        if ((mode & StorageOpenMode.Create) == 0)
            return new PvfsFile(Client.Open(path), mode);
        var layout = new StripingLayout(Hint(hints, "striping_unit", 1, long.MaxValue), (int)Hint(hints, "striping_factor", 1, int.MaxValue),
            (int)Hint(hints, "start_iodevice", 0, int.MaxValue));
        if (layout.ServerCount > Client.IOServers.Count)
            layout = layout with { ServerCount = Client.IOServers.Count };
        return new PvfsFile(Client.Create(path, layout, (mode & StorageOpenMode.Exclusive) != 0), mode);
    }

    // A hint's value when it parses and lies in range; 0 (meaning "default") otherwise.
    private static long Hint(IReadOnlyDictionary<string, string> hints, string key, long min, long max)
        => hints.TryGetValue(key, out string? text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            && value >= min && value <= max ? value : 0;

    /// <inheritdoc/>
    public void Delete(string path) => Client.Remove(Strip(path));

    /// <inheritdoc/>
    public bool Exists(string path) => Client.Exists(Strip(path));

    /// <summary>Closes the client when the driver made it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
            Client.Dispose();
    }
}
