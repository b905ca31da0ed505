using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// A namespace object's attributes as the metadata server keeps them: for a file its distribution, the
/// configured servers that hold its data objects and those objects' handles (entry <c>k</c> of both lists is the
/// file's server <c>k</c>). <see cref="Size"/> is derived by the client from the data objects (PVFS2 does the same).
/// </summary>
public sealed record PvfsAttributes
{
    /// <summary>Most servers a file may use.</summary>
    public const int MaxServers = 1024;

    /// <summary>The object's handle on the metadata server.</summary>
    public ulong Handle { get; init; }

    /// <summary>File or directory.</summary>
    public PvfsObjectType Type { get; init; }

    /// <summary>Permission bits (informational).</summary>
    public int Mode { get; init; }

    /// <summary>Creation time, Unix milliseconds.</summary>
    public long CreateTime { get; init; }

    /// <summary>Last change recorded by the metadata server, Unix milliseconds.</summary>
    public long ModifyTime { get; init; }

    /// <summary>The distribution (files only).</summary>
    public StripingLayout Layout { get; init; }

    /// <summary>Index in the configuration of the server holding each of the file's data objects.</summary>
    public IReadOnlyList<int> Servers { get; init; } = [];

    /// <summary>Handle of each data object on its server.</summary>
    public IReadOnlyList<ulong> DataHandles { get; init; } = [];

    /// <summary>Logical size in bytes (filled in by the client; 0 on the wire from the metadata server).</summary>
    public long Size { get; init; }

    /// <summary>Encoded length.</summary>
    public int EncodedLength => 1 + 8 + 4 + 8 + 8 + 8 + 16 + 4 + Servers.Count * 12 + 8;

    /// <summary>Writes the attributes.</summary>
    public void Write(ref SpanWriter writer)
    {
        writer.WriteByte((byte)Type);
        writer.WriteUInt64(Handle);
        writer.WriteInt32(Mode);
        writer.WriteInt64(CreateTime);
        writer.WriteInt64(ModifyTime);
        writer.WriteInt64(Size);
        writer.WriteInt64(Layout.StripeSize);
        writer.WriteInt32(Layout.ServerCount);
        writer.WriteInt32(Layout.Base);
        writer.WriteInt32(Servers.Count);
        for (int i = 0; i < Servers.Count; i++)
        {
            writer.WriteInt32(Servers[i]);
            writer.WriteUInt64(DataHandles[i]);
        }
    }

    /// <summary>Reads and checks attributes written by <see cref="Write"/>.</summary>
    public static PvfsAttributes Read(ref SpanReader reader)
    {
        var type = (PvfsObjectType)reader.ReadByte("object type");
        if (type is not (PvfsObjectType.File or PvfsObjectType.Directory))
            throw new PvfsProtocolException($"unknown object type {(int)type}");
        ulong handle = reader.ReadUInt64("handle");
        int mode = reader.ReadInt32("mode");
        long ctime = reader.ReadInt64("ctime");
        long mtime = reader.ReadInt64("mtime");
        long size = reader.ReadInt64("size");
        var layout = new StripingLayout(reader.ReadInt64("stripe size"), reader.ReadInt32("server count"), reader.ReadInt32("base"));
        int count = reader.ReadCount("data object count", MaxServers);
        var servers = new int[count];
        var handles = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            servers[i] = reader.ReadInt32("server index");
            handles[i] = reader.ReadUInt64("data handle");
        }
        if (type == PvfsObjectType.File && (layout.StripeSize < 1 || layout.ServerCount != count || count == 0))
            throw new PvfsProtocolException($"file attributes with stripe size {layout.StripeSize}, {layout.ServerCount} servers and {count} data objects");
        return new PvfsAttributes
        {
            Type = type, Handle = handle, Mode = mode, CreateTime = ctime, ModifyTime = mtime, Size = size,
            Layout = layout, Servers = servers, DataHandles = handles,
        };
    }
}
