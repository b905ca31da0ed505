namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>Reads frames from a stream, shared by client and server.</summary>
public static class FrameReader
{
    /// <summary>Reads one header into <paramref name="scratch"/> (at least <see cref="FrameHeader.Size"/> bytes).</summary>
    /// <returns>The header, or null when the peer closed cleanly between frames.</returns>
    /// <exception cref="PvfsProtocolException">The stream ended inside a header, or the header is invalid.</exception>
    public static async ValueTask<FrameHeader?> ReadHeaderAsync(Stream stream, Memory<byte> scratch, CancellationToken cancel)
    {
        Memory<byte> header = scratch[..FrameHeader.Size];
        int got = 0;
        while (got < FrameHeader.Size)
        {
            int n = await stream.ReadAsync(header[got..], cancel).ConfigureAwait(false);
            if (n == 0)
            {
                if (got == 0)
                    return null;
                throw new PvfsProtocolException($"connection closed inside a frame header ({got} of {FrameHeader.Size} bytes)");
            }
            got += n;
        }
        return FrameHeader.Read(header.Span);
    }

    /// <summary>Reads exactly <c>destination.Length</c> payload bytes.</summary>
    /// <exception cref="PvfsProtocolException">The stream ended first.</exception>
    public static async ValueTask ReadPayloadAsync(Stream stream, Memory<byte> destination, CancellationToken cancel)
    {
        try
        {
            await stream.ReadExactlyAsync(destination, cancel).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            throw new PvfsProtocolException($"connection closed inside a payload of {destination.Length} bytes");
        }
    }
}
