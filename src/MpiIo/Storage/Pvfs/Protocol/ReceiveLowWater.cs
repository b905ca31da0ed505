using System.Net.Sockets;

namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>
/// The receive low-water mark (Linux <c>SO_RCVLOWAT</c>) for bulk payloads, shared by client and server. A reader
/// waiting for megabytes is then woken, and a readiness event raised, once per <see cref="MaxBytes"/> that arrived
/// instead of once per segment batch, which on a loaded machine saves a thread wake-up (and its wait for a core)
/// per 64 KiB. The mark must never exceed the bytes still to come in the frame, or the reader would wait for bytes
/// the peer never sends; <see cref="For"/> keeps it there, and small frames keep the default of 1.
/// </summary>
public sealed class ReceiveLowWater
{
    /// <summary>Below this many expected bytes the mark stays 1 (a system call to change it would not pay).</summary>
    public const int MinBytes = 128 << 10;

    /// <summary>The highest mark: a wake-up per this many bytes.</summary>
    public const int MaxBytes = 512 << 10;

    private const int SolSocket = 1, SoRcvLowat = 18;

    private readonly Socket _socket;
    private int _current = 1;

    /// <summary>Tracks the mark of <paramref name="socket"/> (1, the system's default, to start).</summary>
    public ReceiveLowWater(Socket socket) => _socket = socket;

    /// <summary>The mark for a receive with <paramref name="remaining"/> bytes of the frame still to come.</summary>
    public static int For(long remaining) => remaining >= MinBytes ? (int)Math.Min(remaining, MaxBytes) : 1;

    /// <summary>Sets the mark for <paramref name="remaining"/> bytes still to come (a system call only when it changes; nothing off Linux).</summary>
    public void Expect(long remaining)
    {
        int mark = For(remaining);
        if (mark == _current || !OperatingSystem.IsLinux())
            return;
        Span<byte> value = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(value, mark);
        _socket.SetRawSocketOption(SolSocket, SoRcvLowat, value);
        _current = mark;
    }
}
