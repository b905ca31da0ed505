using System.Buffers.Binary;
using System.Text;

namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>Reads little-endian protocol fields from a span; every read is bounds-checked and throws <see cref="PvfsProtocolException"/> on truncation.</summary>
public ref struct SpanReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Reads <paramref name="buffer"/> from its start.</summary>
    public SpanReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        Position = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public int Position { get; private set; }

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => _buffer.Length - Position;

    /// <summary>The bytes not yet consumed.</summary>
    public readonly ReadOnlySpan<byte> Rest => _buffer[Position..];

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || count > Remaining)
            throw new PvfsProtocolException($"truncated payload reading {what}: need {count} bytes, {Remaining} left");
        ReadOnlySpan<byte> span = _buffer.Slice(Position, count);
        Position += count;
        return span;
    }

    /// <summary>Reads a byte.</summary>
    public byte ReadByte(string what) => Take(1, what)[0];

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

    /// <summary>Reads an unsigned 64-bit integer.</summary>
    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>Reads a 32-bit count that must lie in [0, <paramref name="max"/>].</summary>
    public int ReadCount(string what, int max)
    {
        int count = ReadInt32(what);
        if (count < 0 || count > max)
            throw new PvfsProtocolException($"{what} {count} out of range [0, {max}]");
        return count;
    }

    /// <summary>Reads raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count, string what) => Take(count, what);

    /// <summary>Reads a UTF-8 string written by <see cref="SpanWriter.WriteString"/> of at most <paramref name="maxBytes"/> bytes.</summary>
    public string ReadString(string what, int maxBytes = 4096)
    {
        int count = ReadCount(what + " length", maxBytes);
        try
        {
            return StrictUtf8.GetString(Take(count, what));
        }
        catch (DecoderFallbackException)
        {
            throw new PvfsProtocolException($"{what} is not valid UTF-8");
        }
    }

    /// <summary>Throws unless every byte was consumed.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (Remaining != 0)
            throw new PvfsProtocolException($"{Remaining} unexpected bytes after {what}");
    }
}
