using MpiIo.Storage;

namespace MpiIo.Algorithms;

/// <summary>
/// The file side of one access, streamed: file blocks in nondecreasing, non-overlapping offset order,
/// block <c>k</c> carrying the next <c>Length</c> bytes of the access's contiguous data stream. Views
/// produce these lazily, so an access of 10⁹ pieces never exists as a list.
/// </summary>
public interface IBlockSource
{
    /// <summary>Writes the next blocks into <paramref name="destination"/>.</summary>
    /// <returns>How many were written; 0 when the access is exhausted.</returns>
    int Fill(Span<FileBlock> destination);
}
