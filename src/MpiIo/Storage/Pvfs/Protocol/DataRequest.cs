namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>
/// The head of a Read or Write request: data object handle, the receiving server's index in the file's server
/// list, the file's distribution and the region descriptor (identical for every server of the access). A Write
/// then carries exactly this server's part of the data stream.
/// </summary>
public readonly ref struct DataRequest
{
    /// <summary>Bytes of the fixed fields before the descriptor.</summary>
    public const int FixedLength = 8 + 4 + 8 + 4 + 4;

    /// <summary>The data object.</summary>
    public ulong Handle { get; init; }

    /// <summary>The receiving server's index in the file's server list.</summary>
    public int Server { get; init; }

    /// <summary>The file's distribution.</summary>
    public StripingLayout Layout { get; init; }

    /// <summary>The checked region descriptor.</summary>
    public ReadOnlySpan<byte> Descriptor { get; init; }

    /// <summary>Bytes of the whole region (all servers).</summary>
    public long RegionBytes { get; init; }

    /// <summary>Writes the fixed fields; the caller writes the descriptor next.</summary>
    public static void WriteHead(ref SpanWriter writer, ulong handle, int server, in StripingLayout layout)
    {
        writer.WriteUInt64(handle);
        writer.WriteInt32(server);
        writer.WriteInt64(layout.StripeSize);
        writer.WriteInt32(layout.ServerCount);
        writer.WriteInt32(layout.Base);
    }

    /// <summary>Reads and checks the fixed fields and the descriptor.</summary>
    /// <exception cref="PvfsProtocolException">A field is out of range or the descriptor is malformed.</exception>
    public static DataRequest Read(ref SpanReader reader)
    {
        ulong handle = reader.ReadUInt64("data handle");
        int server = reader.ReadInt32("server index");
        var layout = new StripingLayout(reader.ReadInt64("stripe size"), reader.ReadInt32("server count"), reader.ReadInt32("base"));
        if (layout.StripeSize < 1 || layout.ServerCount < 1 || layout.ServerCount > PvfsAttributes.MaxServers || layout.Base < 0)
            throw new PvfsProtocolException($"bad distribution (stripe size {layout.StripeSize}, {layout.ServerCount} servers, base {layout.Base})");
        if (server < 0 || server >= layout.ServerCount)
            throw new PvfsProtocolException($"server index {server} outside [0, {layout.ServerCount})");
        ReadOnlySpan<byte> descriptor = RegionDescriptor.Read(ref reader, out long total);
        return new DataRequest { Handle = handle, Server = server, Layout = layout, Descriptor = descriptor, RegionBytes = total };
    }

    /// <summary>Bytes of the region that lie on server <paramref name="server"/>.</summary>
    public static long BytesOn(ReadOnlySpan<byte> descriptor, in StripingLayout layout, int server)
    {
        long bytes = 0;
        foreach (FileBlock block in RegionDescriptor.Blocks(descriptor))
            bytes += Striping.StripeMath.BytesOn(layout, server, block.Offset, block.Length);
        return bytes;
    }
}
