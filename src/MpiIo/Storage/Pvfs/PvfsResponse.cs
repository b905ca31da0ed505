using System.Buffers;
using MpiIo.Mpi;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>A reply frame's header and pooled payload; disposing returns the buffer.</summary>
internal readonly struct PvfsResponse(FrameHeader header, byte[] buffer) : IDisposable
{
    public FrameHeader Header { get; } = header;

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
