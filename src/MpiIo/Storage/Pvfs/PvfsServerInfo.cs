using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>What a server says about itself in answer to a ping.</summary>
/// <param name="Index">Its index in the configuration.</param>
/// <param name="Roles">Its roles.</param>
/// <param name="FileSystemId">The configuration's file system id; every server of one file system answers the same.</param>
/// <param name="UptimeMilliseconds">Time since the server started.</param>
public readonly record struct PvfsServerInfo(int Index, PvfsRoles Roles, ulong FileSystemId, long UptimeMilliseconds)
{
    /// <summary>Encoded length.</summary>
    public const int EncodedLength = 4 + 4 + 8 + 8;

    /// <summary>Writes the record.</summary>
    public void Write(ref SpanWriter writer)
    {
        writer.WriteInt32(Index);
        writer.WriteInt32((int)Roles);
        writer.WriteUInt64(FileSystemId);
        writer.WriteInt64(UptimeMilliseconds);
    }

    /// <summary>Reads the record.</summary>
    public static PvfsServerInfo Read(ref SpanReader reader)
        => new(reader.ReadInt32("index"), (PvfsRoles)reader.ReadInt32("roles"), reader.ReadUInt64("fsid"), reader.ReadInt64("uptime"));
}
