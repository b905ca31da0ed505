using System.Buffers.Binary;

namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>
/// The fixed 24-byte header in front of every frame, little-endian:
/// magic u32, version u16, opcode u16, request id u64, payload length u32, status i32.
/// A reply carries the request's id (replies may come out of order) and a status: 0 or an MPI error class,
/// in which case the payload is a UTF-8 message.
/// </summary>
/// <param name="Opcode">The operation.</param>
/// <param name="RequestId">Chosen by the client; echoed by the server.</param>
/// <param name="PayloadLength">Bytes following the header.</param>
/// <param name="Status">0 on success, else an <see cref="MpiIo.Mpi.ErrorClass"/> value (replies only).</param>
public readonly record struct FrameHeader(PvfsOpcode Opcode, ulong RequestId, int PayloadLength, int Status)
{
    /// <summary>"PVFS" read as a little-endian u32.</summary>
    public const uint Magic = 0x53465650;

    /// <summary>The protocol version this code speaks.</summary>
    public const ushort Version = 1;

    /// <summary>Bytes in the header.</summary>
    public const int Size = 24;

    /// <summary>The largest payload either side accepts (64 MiB of data plus room for a descriptor).</summary>
    public const int MaxPayloadLength = (64 << 20) + (4 << 20);

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)Opcode);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], RequestId);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], PayloadLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], Status);
    }

    /// <summary>Parses and checks a header: magic, version and payload bounds.</summary>
    /// <exception cref="PvfsProtocolException">The header is short, foreign, of another version or announces an oversized payload.</exception>
    public static FrameHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
            throw new PvfsProtocolException($"header needs {Size} bytes, got {source.Length}");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (magic != Magic)
            throw new PvfsProtocolException($"bad magic 0x{magic:x8}");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(source[4..]);
        if (version != Version)
            throw new PvfsProtocolException($"unsupported version {version} (this side speaks {Version})");
        var opcode = (PvfsOpcode)BinaryPrimitives.ReadUInt16LittleEndian(source[6..]);
        ulong id = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]);
        if (length > MaxPayloadLength)
            throw new PvfsProtocolException($"payload of {length} bytes exceeds the limit of {MaxPayloadLength}");
        int status = BinaryPrimitives.ReadInt32LittleEndian(source[20..]);
        return new FrameHeader(opcode, id, (int)length, status);
    }
}
