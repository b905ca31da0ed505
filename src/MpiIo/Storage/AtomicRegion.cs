using MpiIo.Mpi;

namespace MpiIo.Storage;

/// <summary>
/// MPI atomic mode (<c>MPI_File_set_atomicity</c>) for one access, as ROMIO does it: the whole byte range
/// the access touches is locked for its duration, shared for reads and exclusive for writes, so
/// concurrent accesses see each other all-or-nothing. Dispose ends the region.
/// </summary>
/// <remarks>
/// Code inside an exclusive region must not take overlapping locks of its own (locks are not reentrant):
/// pass <c>rangeLocked: true</c> to <c>DataSieving.Write</c>.
/// </remarks>
public readonly struct AtomicRegion : IDisposable
{
    private readonly RangeLock _lock;
    private readonly bool _locked;

    private AtomicRegion(RangeLock held)
    {
        _lock = held;
        _locked = true;
    }

    /// <summary>
    /// Enters the region for an access of [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>).
    /// Takes no lock when <paramref name="atomic"/> is off, when the access is empty, or when the driver
    /// gives atomic mode natively (<see cref="DriverFeatures.AtomicMode"/> without <see cref="DriverFeatures.Locks"/>).
    /// </summary>
    /// <exception cref="StorageException"><see cref="ErrorClass.UnsupportedOperation"/> when atomic mode is on and the file supports neither.</exception>
    public static AtomicRegion Enter(IStorageFile file, bool atomic, long offset, long length, bool write)
    {
        ArgumentNullException.ThrowIfNull(file);
        FileBlocks.CheckRange(offset, length, nameof(offset));
        if (!atomic || length == 0)
            return default;
        DriverFeatures features = file.Features;
        if ((features & DriverFeatures.Locks) != 0)
            return new AtomicRegion(file.Lock(offset, length, exclusive: write));
        if ((features & DriverFeatures.AtomicMode) != 0)
            return default;
        throw new StorageException(ErrorClass.UnsupportedOperation, $"'{file.Path}' supports neither atomic mode nor byte-range locks.");
    }

    /// <summary>Whether the region holds a lock.</summary>
    public bool IsLocked => _locked;

    /// <summary>Leaves the region, releasing its lock.</summary>
    public void Dispose() => _lock.Dispose();
}
