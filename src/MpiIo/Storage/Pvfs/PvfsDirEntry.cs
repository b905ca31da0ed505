using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>One directory entry.</summary>
/// <param name="Name">The entry's name (no slashes).</param>
/// <param name="Type">File or directory.</param>
/// <param name="Handle">The object's metadata handle.</param>
public readonly record struct PvfsDirEntry(string Name, PvfsObjectType Type, ulong Handle)
{
    /// <summary>Most bytes <see cref="Write"/> takes.</summary>
    public int EncodedBound => SpanWriter.StringBound(Name) + 1 + 8;

    /// <summary>Writes the entry.</summary>
    public void Write(ref SpanWriter writer)
    {
        writer.WriteString(Name);
        writer.WriteByte((byte)Type);
        writer.WriteUInt64(Handle);
    }

    /// <summary>Reads an entry.</summary>
    public static PvfsDirEntry Read(ref SpanReader reader)
        => new(reader.ReadString("entry name", 1024), (PvfsObjectType)reader.ReadByte("entry type"), reader.ReadUInt64("entry handle"));
}
