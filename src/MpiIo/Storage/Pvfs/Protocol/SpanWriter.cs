using System.Buffers.Binary;
using System.Text;

namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>Writes little-endian protocol fields into a caller-owned span; throws when the span is too small.</summary>
public ref struct SpanWriter
{
    private readonly Span<byte> _buffer;

    /// <summary>Writes into <paramref name="buffer"/> from its start.</summary>
    public SpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public int Position { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[..Position];

    private Span<byte> Take(int count)
    {
        if (count > _buffer.Length - Position)
            throw new PvfsProtocolException($"message needs more than the {_buffer.Length} bytes reserved for it");
        Span<byte> span = _buffer.Slice(Position, count);
        Position += count;
        return span;
    }

    /// <summary>Writes a byte.</summary>
    public void WriteByte(byte value) => Take(1)[0] = value;

    /// <summary>Writes a 32-bit integer.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

    /// <summary>Writes a 64-bit integer.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);

    /// <summary>Writes an unsigned 64-bit integer.</summary>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);

    /// <summary>Writes raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

    /// <summary>Writes a string as a u32 byte count and UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        Encoding.UTF8.GetBytes(value, Take(count));
    }

    /// <summary>The most bytes <see cref="WriteString"/> can take for <paramref name="value"/>.</summary>
    public static int StringBound(string value) => 4 + Encoding.UTF8.GetMaxByteCount(value.Length);
}
