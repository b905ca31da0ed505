using System.Net.Sockets;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Tests.Pvfs;

/// <summary>A bare socket to a server for sending hand-made (and broken) frames.</summary>
internal sealed class RawConnection : IDisposable
{
    private readonly Socket _socket;

    public RawConnection(int port)
    {
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000, SendTimeout = 5000, NoDelay = true };
        _socket.Connect("127.0.0.1", port);
    }

    public void Send(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _socket.Send(bytes);
        }
        catch (SocketException)
        {
            // The server may already have closed a connection whose framing broke.
        }
    }

    public static byte[] Frame(PvfsOpcode opcode, ulong id, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[FrameHeader.Size + payload.Length];
        new FrameHeader(opcode, id, payload.Length, 0).Write(frame);
        payload.CopyTo(frame.AsSpan(FrameHeader.Size));
        return frame;
    }

    public static byte[] StringPayload(string text, int extra = 0)
    {
        byte[] bytes = new byte[SpanWriter.StringBound(text) + extra];
        var writer = new SpanWriter(bytes);
        writer.WriteString(text);
        return bytes[..(writer.Position + extra)];
    }

    /// <summary>Reads one reply frame; null when the server closed the connection.</summary>
    public (FrameHeader Header, byte[] Payload)? Receive()
    {
        byte[] header = new byte[FrameHeader.Size];
        if (!ReadExactly(header))
            return null;
        FrameHeader h = FrameHeader.Read(header);
        byte[] payload = new byte[h.PayloadLength];
        if (!ReadExactly(payload))
            return null;
        return (h, payload);
    }

    public static string Message(byte[] payload)
    {
        var reader = new SpanReader(payload);
        return reader.ReadString("message", 1 << 16);
    }

    private bool ReadExactly(byte[] buffer)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n;
            try
            {
                n = _socket.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
            }
            catch (SocketException)
            {
                return false;
            }
            if (n == 0)
                return false;
            got += n;
        }
        return true;
    }

    /// <summary>Whether the server closed the connection (reads end) within the receive timeout.</summary>
    public bool IsClosedByServer() => Receive() == null;

    public void Dispose() => _socket.Dispose();
}
