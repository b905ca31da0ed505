namespace MpiIo.Storage;

/// <summary>
/// What a storage driver supports, in the spirit of ROMIO's <c>ADIOI_Feature</c> query. Generic code asks
/// these flags, never the driver's type.
/// </summary>
[Flags]
public enum DriverFeatures
{
    /// <summary>Nothing beyond contiguous read and write.</summary>
    None = 0,
    /// <summary>Byte-range locks (<see cref="IStorageFile.Lock"/>) that every process of the file honours.</summary>
    Locks = 1 << 0,
    /// <summary>MPI atomic mode can be provided (through locks or natively).</summary>
    AtomicMode = 1 << 1,
    /// <summary>Noncontiguous writes may be done as read-modify-write of a covering range (needs <see cref="Locks"/>).</summary>
    DataSievingWrites = 1 << 2,
    /// <summary>List I/O (<see cref="IStorageFile.ReadList"/>/<see cref="IStorageFile.WriteList"/>) is native: one request, not one per piece.</summary>
    ListIO = 1 << 3,
    /// <summary>A shared file pointer can be kept by the driver.</summary>
    SharedFilePointer = 1 << 4,
    /// <summary>The file is striped over servers; <see cref="IStorageFile.Striping"/> describes how.</summary>
    Striped = 1 << 5,
    /// <summary>Durability: <see cref="IStorageFile.Flush"/> reaches stable storage.</summary>
    DurableFlush = 1 << 6,
}
