namespace MpiIo.Storage.Striping;

/// <summary>
/// One piece of an access that lies inside a single stripe, hence on a single server.
/// </summary>
/// <param name="Server">Index of the server in the file's server list (0 … pcount−1).</param>
/// <param name="LocalOffset">Offset of the piece in that server's bytestream.</param>
/// <param name="LogicalOffset">Offset of the piece in the logical file.</param>
/// <param name="Length">Bytes in the piece (never more than the stripe size).</param>
/// <param name="StreamOffset">Where the piece's bytes sit in the access's contiguous data stream.</param>
public readonly record struct StripePiece(int Server, long LocalOffset, long LogicalOffset, long Length, long StreamOffset);
