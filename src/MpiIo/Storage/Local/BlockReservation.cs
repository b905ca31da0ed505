using Microsoft.Win32.SafeHandles;

namespace MpiIo.Storage.Local;

/// <summary>
/// Reserves a large buffered write's blocks before the write (fallocate with FALLOC_FL_KEEP_SIZE). ext4
/// reserves delayed-allocation blocks page by page on a buffered write into unallocated space; one reservation
/// over the range maps it as a few unwritten extents instead, which made new-file writes of 256 KiB to 32 MiB
/// 18–30% faster on this machine (fallocate's own time included), and costs nothing measurable on ranges that
/// are already allocated or on tmpfs. The file's size is not changed, so a failed write leaves the length as it
/// was; a refusal (no space, a bad descriptor) is left for the write itself to report.
/// </summary>
internal sealed class BlockReservation
{
    /// <summary>Writes of at least this many bytes are reserved first.</summary>
    public const int Threshold = 256 << 10;

    // Set once the file system says it cannot reserve, so later writes stop asking.
    private volatile bool _unsupported;

    /// <summary>Reserves [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) when the write is large enough.</summary>
    public void BeforeWrite(SafeFileHandle handle, long offset, long length)
    {
        if (length < Threshold || _unsupported)
            return;
        int errno = LibC.Reserve(handle, offset, length);
        if (errno is OsErrors.EOPNOTSUPP or OsErrors.ENOSYS)
            _unsupported = true;
    }
}
