using System.Buffers;
using MpiIo.Mpi;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>A reply frame's header and pooled payload; disposing returns the buffer.</summary>
/// <param name="header">The reply's header (payload length: the bytes in <paramref name="buffer"/>).</param>
/// <param name="buffer">The pooled payload.</param>
/// <param name="delivered">A read reply whose data the receive thread already put into the caller's buffer (<see cref="PvfsReadSink"/>); the payload is then the 8-byte size only.</param>
internal readonly struct PvfsResponse(FrameHeader header, byte[] buffer, bool delivered = false) : IDisposable
{
    public FrameHeader Header { get; } = header;

    /// <summary>Whether the read data already sits in the caller's buffer.</summary>
    public bool Delivered { get; } = delivered;

    public ReadOnlySpan<byte> Payload => buffer.AsSpan(0, Header.PayloadLength);

    public void Dispose()
    {
        if (buffer != null)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Throws the server's error (and returns the buffer) when the status is not success.</summary>
    public void ThrowIfError(string server)
    {
        if (Header.Status == 0)
            return;
        string message;
        try
        {
            var reader = new SpanReader(Payload);
            message = reader.ReadString("error message", 1 << 16);
        }
        catch (PvfsProtocolException)
        {
            message = "(no message)";
        }
        Dispose();
        var errorClass = (ErrorClass)Header.Status;
        throw new StorageException(Enum.IsDefined(errorClass) ? errorClass : ErrorClass.IO, $"pvfs server {server}: {message}");
    }
}
