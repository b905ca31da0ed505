using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MpiIo.Mpi;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// One TCP connection to one server, multiplexed: any number of requests in flight, each tagged with an id; a
/// receive loop hands each reply to its waiter whatever the order. Any failure breaks the connection and fails
/// every waiter with an error naming the server; the client then opens a new one.
/// </summary>
internal sealed class PvfsConnection : IDisposable
{
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<PvfsResponse>> _pending = new();
    private long _nextId;
    private volatile bool _broken;

    private PvfsConnection(Socket socket, string address)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        Address = address;
    }

    public string Address { get; }

    public bool IsBroken => _broken;

    /// <summary>Connects, runs the handshake when there is a secret, and starts the receive loop.</summary>
    public static PvfsConnection Connect(PvfsServerEndpoint endpoint, string? secret, TimeSpan timeout)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            IPAddress[] addresses = IPAddress.TryParse(endpoint.Host, out IPAddress? ip) ? [ip] : Dns.GetHostAddresses(endpoint.Host);
            socket.ConnectAsync(addresses, endpoint.Port, cancel.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            string why = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.###} s" : e.Message;
            throw new StorageException(ErrorClass.IO, $"pvfs server {endpoint.Address}: cannot connect: {why}", e);
        }
        var connection = new PvfsConnection(socket, endpoint.Address);
        _ = connection.ReceiveLoopAsync();
        if (secret != null)
        {
            try
            {
                connection.Authenticate(secret, timeout);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        return connection;
    }

    private void Authenticate(string secret, TimeSpan timeout)
    {
        byte[] clientNonce = RandomNumberGenerator.GetBytes(PvfsAuth.NonceLength);
        byte[] frame = RentFrame(PvfsAuth.NonceLength);
        clientNonce.CopyTo(frame.AsSpan(FrameHeader.Size));
        Span<byte> expected = stackalloc byte[PvfsAuth.ProofLength];
        byte[] serverNonce;
        using (PvfsResponse begin = Wait(Call(PvfsOpcode.AuthBegin, frame, PvfsAuth.NonceLength), timeout))
        {
            begin.ThrowIfError(Address);
            if (begin.Payload.Length != PvfsAuth.NonceLength + PvfsAuth.ProofLength)
                throw new StorageException(ErrorClass.Access, $"pvfs server {Address}: malformed authentication reply");
            serverNonce = begin.Payload[..PvfsAuth.NonceLength].ToArray();
            PvfsAuth.ComputeProof(secret, true, clientNonce, serverNonce, expected);
            if (!PvfsAuth.Check(expected, begin.Payload[PvfsAuth.NonceLength..]))
                throw new StorageException(ErrorClass.Access, $"pvfs server {Address}: server does not know the shared secret");
        }
        frame = RentFrame(PvfsAuth.ProofLength);
        PvfsAuth.ComputeProof(secret, false, serverNonce, clientNonce, frame.AsSpan(FrameHeader.Size, PvfsAuth.ProofLength));
        using PvfsResponse proof = Wait(Call(PvfsOpcode.AuthProof, frame, PvfsAuth.ProofLength), timeout);
        proof.ThrowIfError(Address);
    }

    /// <summary>Rents a frame buffer with room for the header and <paramref name="payloadBound"/> payload bytes.</summary>
    public static byte[] RentFrame(int payloadBound) => ArrayPool<byte>.Shared.Rent(FrameHeader.Size + payloadBound);

    /// <summary>Sends a request whose payload is already in <paramref name="frame"/> after the header room; takes ownership of the buffer.</summary>
    public Task<PvfsResponse> Call(PvfsOpcode opcode, byte[] frame, int payloadLength)
    {
        ulong id = (ulong)Interlocked.Increment(ref _nextId);
        new FrameHeader(opcode, id, payloadLength, 0).Write(frame);
        var waiter = new TaskCompletionSource<PvfsResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        if (_broken)
        {
            ArrayPool<byte>.Shared.Return(frame);
            Fail("connection is closed");
            return waiter.Task;
        }
        _ = SendAsync(frame, FrameHeader.Size + payloadLength);
        return waiter.Task;
    }

    private async Task SendAsync(byte[] frame, int length)
    {
        try
        {
            await _sendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(frame.AsMemory(0, length)).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Fail($"send failed: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] header = new byte[FrameHeader.Size];
        try
        {
            while (true)
            {
                FrameHeader? next = await FrameReader.ReadHeaderAsync(_stream, header, CancellationToken.None).ConfigureAwait(false);
                if (next == null)
                {
                    Fail("server closed the connection");
                    return;
                }
                FrameHeader h = next.Value;
                byte[] payload = ArrayPool<byte>.Shared.Rent(h.PayloadLength);
                try
                {
                    await FrameReader.ReadPayloadAsync(_stream, payload.AsMemory(0, h.PayloadLength), CancellationToken.None).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(payload);
                    throw;
                }
                if (_pending.TryRemove(h.RequestId, out TaskCompletionSource<PvfsResponse>? waiter))
                {
                    waiter.SetResult(new PvfsResponse(h, payload));
                }
                else
                {
                    // A late reply to a request that timed out, or the server's framing complaint (id 0).
                    if (h.RequestId == 0 && h.Status != 0)
                    {
                        using var complaint = new PvfsResponse(h, payload);
                        Fail($"server rejected the connection's framing (status {h.Status})");
                        return;
                    }
                    ArrayPool<byte>.Shared.Return(payload);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or PvfsProtocolException)
        {
            Fail($"connection lost: {e.Message}");
        }
    }

    private void Fail(string why)
    {
        _broken = true;
        foreach (ulong id in _pending.Keys)
            if (_pending.TryRemove(id, out TaskCompletionSource<PvfsResponse>? waiter))
                waiter.TrySetException(new StorageException(ErrorClass.IO, $"pvfs server {Address}: {why}"));
        _stream.Dispose();
    }

    /// <summary>Waits for one reply, failing with an error naming the server after <paramref name="timeout"/>.</summary>
    public PvfsResponse Wait(Task<PvfsResponse> reply, TimeSpan timeout)
    {
        if (!WaitQuietly(reply, timeout))
        {
            Fail($"no answer within {timeout.TotalSeconds:0.###} s");
            DisposeLate(reply);
            throw new StorageException(ErrorClass.IO, $"pvfs server {Address}: no answer within {timeout.TotalSeconds:0.###} s");
        }
        return reply.GetAwaiter().GetResult();
    }

    /// <summary>Waits up to <paramref name="timeout"/> without throwing the task's own error.</summary>
    /// <returns>Whether the task completed.</returns>
    public static bool WaitQuietly(Task reply, TimeSpan timeout)
    {
        try
        {
            return reply.Wait(timeout);
        }
        catch (AggregateException)
        {
            return true;
        }
    }

    /// <summary>Returns the buffer of a reply that arrives after its waiter gave up.</summary>
    public static void DisposeLate(Task<PvfsResponse> reply)
        => reply.ContinueWith(static t =>
        {
            if (t.IsCompletedSuccessfully)
                t.Result.Dispose();
        }, TaskScheduler.Default);

    /// <summary>Marks the connection broken after a caller gave up waiting on it.</summary>
    public void Abandon(string why) => Fail(why);

    public void Dispose() => Fail("connection closed by the client");
}
