using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>One server's storage figures (pvfs2-statfs).</summary>
/// <param name="Server">Identity, roles and uptime.</param>
/// <param name="BytesTotal">Size of the volume holding its storage directory.</param>
/// <param name="BytesFree">Free bytes on that volume.</param>
/// <param name="BytesUsed">Bytes in its data objects (I/O role) and database (metadata role).</param>
/// <param name="Objects">Data objects (I/O role) plus namespace objects (metadata role).</param>
public readonly record struct PvfsStatfs(PvfsServerInfo Server, long BytesTotal, long BytesFree, long BytesUsed, long Objects)
{
    /// <summary>Encoded length.</summary>
    public const int EncodedLength = PvfsServerInfo.EncodedLength + 32;

    /// <summary>Writes the record.</summary>
    public void Write(ref SpanWriter writer)
    {
        Server.Write(ref writer);
        writer.WriteInt64(BytesTotal);
        writer.WriteInt64(BytesFree);
        writer.WriteInt64(BytesUsed);
        writer.WriteInt64(Objects);
    }

    /// <summary>Reads the record.</summary>
    public static PvfsStatfs Read(ref SpanReader reader)
        => new(PvfsServerInfo.Read(ref reader), reader.ReadInt64("bytes total"), reader.ReadInt64("bytes free"),
            reader.ReadInt64("bytes used"), reader.ReadInt64("objects"));
}
