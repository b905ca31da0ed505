using System.Buffers;
using System.Net.Sockets;
using System.Security.Cryptography;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Server;

public sealed partial class PvfsServer
{
    /// <summary>A reply frame in a pooled buffer: header and payload, ready to send.</summary>
    private readonly record struct ReplyFrame(byte[] Buffer, int Length);

    private sealed class ConnectionState(Socket socket, NetworkStream stream, string peer, ReadReplyTotals readTotals)
    {
        public NetworkStream Stream { get; } = stream;
        public ReadReplySender Reads { get; } = new(socket, stream, readTotals);
        public ReceiveLowWater LowWater { get; } = new(socket);
        public string Peer { get; } = peer;
        public SemaphoreSlim SendLock { get; } = new(1, 1);
        public bool Authenticated { get; set; }
        public byte[]? ClientNonce { get; set; }
        public byte[]? ServerNonce { get; set; }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        string peer = socket.RemoteEndPoint?.ToString() ?? "?";
        var state = new ConnectionState(socket, new NetworkStream(socket, ownsSocket: true), peer, _readTotals) { Authenticated = _config.Secret == null };
        byte[] headerScratch = new byte[FrameHeader.Size];
        CancellationToken stop = _stop.Token;
        _log.Write(LogLevel.Debug, _name, $"connection from {peer}");
        try
        {
            while (!stop.IsCancellationRequested)
            {
                FrameHeader header;
                try
                {
                    FrameHeader? next = await FrameReader.ReadHeaderAsync(state.Stream, headerScratch, stop).ConfigureAwait(false);
                    if (next == null)
                        break;
                    header = next.Value;
                }
                catch (PvfsProtocolException e)
                {
                    // Framing is lost: say why (id 0, the id is unknown) and close; other connections go on.
                    _log.Write(LogLevel.Warn, _name, $"{peer}: {e.Message}; closing");
                    await SendAsync(state, Error(default, 0, ErrorClass.IO, e.Message), stop).ConfigureAwait(false);
                    break;
                }
                if (!state.Authenticated && header.PayloadLength > PvfsAuth.NonceLength + PvfsAuth.ProofLength)
                {
                    // Nobody unauthenticated gets a large buffer: refuse before reading the payload.
                    _log.Write(LogLevel.Warn, _name, $"{peer}: {header.Opcode} with {header.PayloadLength} bytes before authentication; closing");
                    await SendAsync(state, Error(header.Opcode, header.RequestId, ErrorClass.Access, "authentication required"), stop).ConfigureAwait(false);
                    break;
                }
                byte[] payload = ArrayPool<byte>.Shared.Rent(header.PayloadLength);
                try
                {
                    await ReceivePayloadAsync(state, payload.AsMemory(0, header.PayloadLength), stop).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(payload);
                    throw;
                }
                if (!state.Authenticated)
                {
                    // The handshake runs in order, before anything else may start.
                    ReplyFrame reply = Authenticate(state, header, payload.AsSpan(0, header.PayloadLength), out bool close);
                    ArrayPool<byte>.Shared.Return(payload);
                    await SendAsync(state, reply, stop).ConfigureAwait(false);
                    if (close)
                    {
                        _log.Write(LogLevel.Warn, _name, $"{peer}: refused ({header.Opcode} before authentication); closing");
                        break;
                    }
                    continue;
                }
                // On the connection's own loop: a hand-off to another thread costs a wake-up per request, and a
                // client never has a second request of one access waiting on the same connection (it spreads rounds
                // over its connections); requests of other connections and clients run in parallel.
                await ProcessAsync(state, header, payload, stop).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or PvfsProtocolException)
        {
            if (!stop.IsCancellationRequested)
                _log.Write(LogLevel.Warn, _name, $"{peer}: connection lost: {e.Message}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.Write(LogLevel.Error, _name, $"{peer}: connection failed: {e}");
        }
        finally
        {
            await state.Stream.DisposeAsync().ConfigureAwait(false);
            _log.Write(LogLevel.Debug, _name, $"{peer}: closed");
        }
    }

    // A payload read with the low-water mark following the bytes still to come, then back at 1 for the next header.
    private static async ValueTask ReceivePayloadAsync(ConnectionState state, Memory<byte> destination, CancellationToken stop)
    {
        if (destination.Length < ReceiveLowWater.MinBytes)
        {
            await FrameReader.ReadPayloadAsync(state.Stream, destination, stop).ConfigureAwait(false);
            return;
        }
        try
        {
            while (!destination.IsEmpty)
            {
                state.LowWater.Expect(destination.Length);
                int n = await state.Stream.ReadAsync(destination, stop).ConfigureAwait(false);
                if (n == 0)
                    throw new PvfsProtocolException($"connection closed inside a payload ({destination.Length} bytes missing)");
                destination = destination[n..];
            }
        }
        finally
        {
            state.LowWater.Expect(0);
        }
    }

    private async Task ProcessAsync(ConnectionState state, FrameHeader header, byte[] payload, CancellationToken stop)
    {
        if (header.Opcode == PvfsOpcode.Read && TryPlanStreamedRead(payload.AsSpan(0, header.PayloadLength), out StreamedRead read))
        {
            ArrayPool<byte>.Shared.Return(payload);
            await SendStreamedReadAsync(state, header, read, stop).ConfigureAwait(false);
            return;
        }
        try
        {
            ReplyFrame reply;
            try
            {
                reply = Dispatch(header, payload.AsSpan(0, header.PayloadLength));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
            await SendAsync(state, reply, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _log.Write(LogLevel.Debug, _name, $"{state.Peer}: reply to {header.RequestId} not sent: {e.Message}");
        }
    }

    private static async ValueTask SendAsync(ConnectionState state, ReplyFrame reply, CancellationToken stop)
    {
        try
        {
            await state.SendLock.WaitAsync(stop).ConfigureAwait(false);
            try
            {
                await state.Stream.WriteAsync(reply.Buffer.AsMemory(0, reply.Length), stop).ConfigureAwait(false);
            }
            finally
            {
                state.SendLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(reply.Buffer);
        }
    }

    private ReplyFrame Authenticate(ConnectionState state, FrameHeader header, ReadOnlySpan<byte> payload, out bool close)
    {
        close = true;
        string? secret = _config.Secret;
        if (secret == null)
            return Error(header.Opcode, header.RequestId, ErrorClass.Access, "authentication is not configured");
        if (header.Opcode == PvfsOpcode.AuthBegin && payload.Length == PvfsAuth.NonceLength && state.ClientNonce == null)
        {
            state.ClientNonce = payload.ToArray();
            state.ServerNonce = RandomNumberGenerator.GetBytes(PvfsAuth.NonceLength);
            ReplyFrame reply = Rent(PvfsAuth.NonceLength + PvfsAuth.ProofLength, out Span<byte> body);
            state.ServerNonce.CopyTo(body);
            PvfsAuth.ComputeProof(secret, true, state.ClientNonce, state.ServerNonce, body[PvfsAuth.NonceLength..]);
            close = false;
            return Finish(reply, header.Opcode, header.RequestId, PvfsAuth.NonceLength + PvfsAuth.ProofLength);
        }
        if (header.Opcode == PvfsOpcode.AuthProof && state.ServerNonce != null && payload.Length == PvfsAuth.ProofLength)
        {
            Span<byte> expected = stackalloc byte[PvfsAuth.ProofLength];
            PvfsAuth.ComputeProof(secret, false, state.ServerNonce, state.ClientNonce, expected);
            if (PvfsAuth.Check(expected, payload))
            {
                state.Authenticated = true;
                close = false;
                return Finish(Rent(0, out _), header.Opcode, header.RequestId, 0);
            }
            return Error(header.Opcode, header.RequestId, ErrorClass.Access, "authentication failed: wrong secret");
        }
        return Error(header.Opcode, header.RequestId, ErrorClass.Access, "authentication required");
    }

    private static ReplyFrame Rent(int payloadBound, out Span<byte> payload)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(FrameHeader.Size + payloadBound);
        payload = buffer.AsSpan(FrameHeader.Size, payloadBound);
        return new ReplyFrame(buffer, 0);
    }

    private static ReplyFrame Finish(ReplyFrame frame, PvfsOpcode opcode, ulong id, int payloadLength, int status = 0)
    {
        new FrameHeader(opcode, id, payloadLength, status).Write(frame.Buffer);
        return frame with { Length = FrameHeader.Size + payloadLength };
    }

    private static ReplyFrame Error(PvfsOpcode opcode, ulong id, ErrorClass errorClass, string message)
    {
        ReplyFrame frame = Rent(SpanWriter.StringBound(message), out Span<byte> body);
        var writer = new SpanWriter(body);
        writer.WriteString(message);
        return Finish(frame, opcode, id, writer.Position, (int)errorClass);
    }
}
