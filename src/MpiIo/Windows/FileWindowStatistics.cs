namespace MpiIo.Windows;

/// <summary>Node-wide counters of a <see cref="FileWindow"/> since it was mapped (every rank of the node sees the same values).</summary>
/// <param name="BytesRead">Bytes this node read from the file (map, touches, refreshes, invalidations).</param>
/// <param name="BytesWritten">Bytes this node wrote to the file (releases and flushes).</param>
/// <param name="BlocksWritten">Contiguous file blocks those bytes formed.</param>
/// <param name="PagesRefreshed">Pages re-read at acquire because another node released them.</param>
/// <param name="Releases">Releases this node completed.</param>
public readonly record struct FileWindowStatistics(long BytesRead, long BytesWritten, long BlocksWritten, long PagesRefreshed, long Releases);
