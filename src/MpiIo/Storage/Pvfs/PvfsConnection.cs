using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MpiIo.Mpi;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// One TCP connection to one server, multiplexed: any number of requests in flight, each tagged with an id; a
/// receive thread hands each reply to its waiter whatever the order. Any failure breaks the connection and fails
/// every waiter with an error naming the server; the client then opens a new one.
/// </summary>
/// <remarks>
/// Sends are synchronous on the caller's thread and the receive side has its own thread, so a caller blocked in
/// a storage call never waits for the thread pool (callers may themselves be pool threads doing nonblocking I/O).
/// </remarks>
internal sealed class PvfsConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly object _sendGate = new();
    private readonly Dictionary<ulong, Pending> _pending = [];
    private readonly PvfsReadSink.ReceiveExactly _receiveInto;
    private readonly ReceiveLowWater _lowWater;
    private long _nextId;
    private volatile bool _broken;

    /// <summary>A request in flight: who waits for the reply, and where a read's data goes when not into a pooled buffer.</summary>
    private readonly record struct Pending(TaskCompletionSource<PvfsResponse> Waiter, PvfsReadSink? Sink);

    private PvfsConnection(Socket socket, string address)
    {
        _socket = socket;
        Address = address;
        _receiveInto = ReceiveExactly;
        _lowWater = new ReceiveLowWater(socket);
    }

    public string Address { get; }

    public bool IsBroken => _broken;

    /// <summary>Connects, runs the handshake when there is a secret, and starts the receive thread.</summary>
    public static PvfsConnection Connect(PvfsServerEndpoint endpoint, string? secret, TimeSpan timeout)
    {
        Socket socket;
        try
        {
            socket = Open(endpoint, timeout);
        }
        catch (SocketException e)
        {
            throw new StorageException(ErrorClass.IO, $"pvfs server {endpoint.Address}: cannot connect: {e.Message}", e);
        }
        var connection = new PvfsConnection(socket, endpoint.Address);
        var receiver = new Thread(connection.ReceiveLoop) { IsBackground = true, Name = "pvfs " + endpoint.Address };
        receiver.Start();
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

    // A connect bounded by the timeout without the thread pool: non-blocking connect, then poll.
    private static Socket Open(PvfsServerEndpoint endpoint, TimeSpan timeout)
    {
        IPAddress address = IPAddress.TryParse(endpoint.Host, out IPAddress? ip) ? ip : Resolve(endpoint.Host);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            socket.Blocking = false;
            try
            {
                socket.Connect(new IPEndPoint(address, endpoint.Port));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
            {
                long micros = Math.Clamp((long)timeout.TotalMicroseconds, 1, int.MaxValue);
                if (!socket.Poll((int)micros, SelectMode.SelectWrite))
                    throw new SocketException((int)SocketError.TimedOut);
                var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                if (error != SocketError.Success)
                    throw new SocketException((int)error);
            }
            if (!socket.Connected)
                throw new SocketException((int)SocketError.ConnectionRefused);
            socket.Blocking = true;
            socket.SendTimeout = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IPAddress Resolve(string host)
    {
        IPAddress[] addresses = Dns.GetHostAddresses(host);
        foreach (IPAddress a in addresses)
            if (a.AddressFamily == AddressFamily.InterNetwork)
                return a;
        return addresses.Length > 0 ? addresses[0] : throw new SocketException((int)SocketError.HostNotFound);
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
    /// <returns>The reply, to wait for with a timeout.</returns>
    public Task<PvfsResponse> Call(PvfsOpcode opcode, byte[] frame, int payloadLength)
        => Call(opcode, frame, payloadLength, payloadLength, default, default, 0, null);

    /// <summary>
    /// Sends a request of <paramref name="payloadLength"/> bytes: the first <paramref name="framed"/> are in
    /// <paramref name="frame"/> after the header room (the buffer is taken over), the rest are the runs of
    /// <paramref name="data"/> that <paramref name="runs"/> names from stream position <paramref name="skip"/> on,
    /// sent without a copy. The frame goes out whole under the send lock, so frames never interleave. With a
    /// <paramref name="sink"/>, the receive thread puts a read reply's data straight where the sink says.
    /// </summary>
    /// <returns>The reply (with a sink that took the data, its payload is only the 8-byte size), to wait for with a timeout.</returns>
    public Task<PvfsResponse> Call(PvfsOpcode opcode, byte[] frame, int payloadLength, int framed, ReadOnlySpan<byte> data,
        ServerRunEnumerator runs, long skip, PvfsReadSink? sink = null)
    {
        ulong id = (ulong)Interlocked.Increment(ref _nextId);
        new FrameHeader(opcode, id, payloadLength, 0).Write(frame);
        var waiter = new TaskCompletionSource<PvfsResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (sink != null)
            sink.Connection = this;
        lock (_pending)
            _pending[id] = new Pending(waiter, sink);
        try
        {
            if (_broken)
            {
                Fail("connection is closed");
                return waiter.Task;
            }
            lock (_sendGate)
            {
                SendAll(frame.AsSpan(0, FrameHeader.Size + framed));
                if (framed < payloadLength)
                {
                    while (runs.MoveNext())
                    {
                        long from = Math.Max(runs.Position, skip), end = runs.Position + runs.Length;
                        if (from < end)
                            SendAll(data.Slice((int)(runs.StreamOffset + (from - runs.Position)), (int)(end - from)));
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Fail(e is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock }
                ? "server stopped reading (send timed out)" : $"send failed: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
        return waiter.Task;
    }

    private void SendAll(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
            bytes = bytes[_socket.Send(bytes, SocketFlags.None)..];
    }

    private void ReceiveLoop()
    {
        byte[] header = new byte[FrameHeader.Size];
        // The request whose reply is being received: already out of _pending, so a failure here fails it too.
        TaskCompletionSource<PvfsResponse>? current = null;
        try
        {
            while (true)
            {
                current = null;
                if (!ReceiveExactly(header, FrameHeader.Size))
                {
                    Fail("server closed the connection");
                    return;
                }
                FrameHeader h = FrameHeader.Read(header);
                Pending pending;
                lock (_pending)
                    _pending.Remove(h.RequestId, out pending);
                current = pending.Waiter;
                PvfsReadSink? sink = pending.Sink;
                if (sink != null && h.Status == 0 && h.PayloadLength == 8 + sink.StreamBytes && sink.TryClaim())
                {
                    if (!ReceiveIntoSink(h, pending.Waiter, sink))
                    {
                        Fail("server closed the connection inside a reply", current);
                        return;
                    }
                    continue;
                }
                byte[] payload = ArrayPool<byte>.Shared.Rent(h.PayloadLength);
                if (!ReceiveExactly(payload, h.PayloadLength))
                {
                    ArrayPool<byte>.Shared.Return(payload);
                    Fail("server closed the connection inside a reply", current);
                    return;
                }
                if (pending.Waiter != null)
                {
                    pending.Waiter.SetResult(new PvfsResponse(h, payload));
                    continue;
                }
                ArrayPool<byte>.Shared.Return(payload);
                if (h.RequestId == 0 && h.Status != 0)
                {
                    // The server's complaint about framing: it closes next.
                    Fail($"server rejected the connection's framing (status {h.Status})");
                    return;
                }
                // Otherwise a late reply to a request whose waiter gave up: dropped.
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or PvfsProtocolException)
        {
            Fail($"connection lost: {e.Message}", current);
        }
    }

    private bool ReceiveExactly(byte[] buffer, int length) => ReceiveExactly(buffer.AsSpan(0, length));

    // `beyond`: bytes of the frame still to come after `target` (sets the low-water mark for bulk receives).
    private bool ReceiveExactly(Span<byte> target, long beyond = 0)
    {
        while (!target.IsEmpty)
        {
            _lowWater.Expect(target.Length + beyond);
            int n = _socket.Receive(target, SocketFlags.None);
            if (n == 0)
                return false;
            target = target[n..];
        }
        return true;
    }

    // A read reply whose data goes straight to the caller's buffer; the reply handed to the waiter carries only the
    // 8-byte size and says the data was delivered. On failure the sink is released undelivered first.
    private bool ReceiveIntoSink(FrameHeader h, TaskCompletionSource<PvfsResponse> waiter, PvfsReadSink sink)
    {
        byte[] size = ArrayPool<byte>.Shared.Rent(8);
        bool delivered = false;
        try
        {
            delivered = ReceiveExactly(size.AsSpan(0, 8), sink.StreamBytes) && sink.Receive(_receiveInto);
        }
        finally
        {
            sink.Release(delivered);
            if (!delivered)
                ArrayPool<byte>.Shared.Return(size);
        }
        if (delivered)
            waiter.SetResult(new PvfsResponse(h with { PayloadLength = 8 }, size, delivered: true));
        return delivered;
    }

    private void Fail(string why, TaskCompletionSource<PvfsResponse>? receiving = null)
    {
        _broken = true;
        receiving?.TrySetException(new StorageException(ErrorClass.IO, $"pvfs server {Address}: {why}"));
        Pending[] waiters;
        lock (_pending)
        {
            waiters = [.. _pending.Values];
            _pending.Clear();
        }
        foreach (Pending p in waiters)
            p.Waiter.TrySetException(new StorageException(ErrorClass.IO, $"pvfs server {Address}: {why}"));
        _socket.Dispose();
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
