using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using MpiIo.Mpi;
using MpiIo.Server;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Pvfs;

/// <summary>Large read replies streamed from the bytestream (sendfile on Linux, ReadReplySender): right bytes, same wire format.</summary>
[TestFixture]
public class PvfsStreamedReadTests
{
    private static long FromFile(PvfsTestCluster cluster)
    {
        long sum = 0;
        foreach (PvfsServer server in cluster.Servers)
            sum += server.ReadBytesFromFile;
        return sum;
    }

    // Linux moves large runs by sendfile; elsewhere every byte is copied, and the data checks still apply. A server
    // adds to its totals once a reply is out, which may be just after the client has it all: wait for that (a
    // deadline for a server that never counts, not a timing assertion).
    private static void AssertSentFromFile(PvfsTestCluster cluster)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (FromFile(cluster) == 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(1);
        Assert.That(FromFile(cluster), Is.GreaterThan(0), "no byte went by sendfile");
    }

    // Requests on one connection are answered in turn: once a ping's reply is back, the replies before it are done.
    private static void Barrier(RawConnection raw)
    {
        raw.Send(RawConnection.Frame(PvfsOpcode.Ping, 99, []));
        Assert.That(raw.Receive()?.Header.Status, Is.EqualTo(0));
    }

    [Test]
    public void ReadAt_SpanningBytestreamEnd_ZerosPastEnd()
    {
        using var cluster = PvfsTestCluster.Start(4);
        using PvfsClient client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(64 << 10, 0, 0));
        byte[] data = PvfsTestData.Pattern((1 << 20) + 1000, 1);
        file.WriteAt(0, data);
        byte[] back = new byte[2 << 20];
        back.AsSpan().Fill(0xEE);
        int got = file.ReadAt(512 << 10, back);
        Assert.That(got, Is.EqualTo(data.Length - (512 << 10)));
        Assert.That(back.AsSpan(0, got).SequenceEqual(data.AsSpan(512 << 10)), Is.True);
        Assert.That(back.AsSpan(got).IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "bytes past the end are not zero");
        AssertSentFromFile(cluster);
    }

    [Test]
    public void ReadAt_SparseRegion_HolesReadAsZeros()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using PvfsClient client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(1 << 20, 0, 0));
        byte[] head = PvfsTestData.Pattern(100, 2), tail = PvfsTestData.Pattern(100, 3);
        file.WriteAt(0, head);
        file.WriteAt(9 << 20, tail);
        byte[] expected = new byte[(9 << 20) + 100];
        head.CopyTo(expected, 0);
        tail.CopyTo(expected, 9 << 20);
        byte[] back = new byte[expected.Length];
        back.AsSpan().Fill(0xEE);
        Assert.That(file.ReadAt(0, back), Is.EqualTo(expected.Length));
        Assert.That(back.AsSpan().SequenceEqual(expected), Is.True);
        AssertSentFromFile(cluster);
    }

    [Test]
    public void ReadPartition_StridedOverFourServers_RightBytes()
    {
        using var cluster = PvfsTestCluster.Start(4);
        using PvfsClient client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(64 << 10, 0, 0));
        byte[] data = PvfsTestData.Pattern(8 << 20, 4);
        file.WriteAt(0, data);
        // Groups of 100 000 bytes every 300 000: runs of every length on each server, long ones sent from the file,
        // short ones copied, all in one reply per server.
        var partition = new PvfsPartition(1000, 100_000, 300_000);
        file.SetPartition(partition);
        byte[] back = new byte[2 << 20];
        Assert.That(file.Read(back), Is.EqualTo(back.Length));
        for (int i = 0; i < back.Length; i += 100_000)
        {
            int n = Math.Min(100_000, back.Length - i);
            long at = partition.FileOffset(i);
            Assert.That(back.AsSpan(i, n).SequenceEqual(data.AsSpan((int)at, n)), Is.True, $"group at partition byte {i}");
        }
        AssertSentFromFile(cluster);
    }

    [Test]
    public async Task ReadAtAsync_ManyInFlightOnOneConnection_RepliesNotInterleaved()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = new PvfsClient(cluster.Config, connectionsPerServer: 1);
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(64 << 10, 0, 0));
        byte[] data = PvfsTestData.Pattern(8 << 20, 5);
        file.WriteAt(0, data);
        const int count = 32, size = 200_000;
        var buffers = new byte[count][];
        var reads = new Task<int>[count];
        for (int i = 0; i < count; i++)
        {
            buffers[i] = new byte[size];
            reads[i] = file.ReadAtAsync((long)i * 250_000 + 7, buffers[i]);
        }
        int[] got = await Task.WhenAll(reads);
        for (int i = 0; i < count; i++)
        {
            Assert.That(got[i], Is.EqualTo(size));
            Assert.That(buffers[i].AsSpan().SequenceEqual(data.AsSpan(i * 250_000 + 7, size)), Is.True, $"read {i}");
        }
        AssertSentFromFile(cluster);
    }

    [Test]
    public void Read_StreamedAndBuiltInMemory_SameBytesOnTheWire()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using PvfsClient client = cluster.Client();
        var layout = new StripingLayout(64 << 10, 1, 0);
        using PvfsNativeFile file = client.Create("/f", layout);
        file.WriteAt(0, PvfsTestData.Pattern(300 << 10, 6));
        // From byte 100 to past the end: runs from the file, then zeros.
        byte[] request = new byte[DataRequest.FixedLength + RegionDescriptor.PartitionLength];
        var writer = new SpanWriter(request);
        DataRequest.WriteHead(ref writer, file.Attributes.DataHandles[0], 0, file.Layout);
        RegionDescriptor.WritePartition(ref writer, PvfsPartition.Whole, 100, 500 << 10);
        PvfsServer server = cluster.Servers[0];
        using var raw = new RawConnection(server.Port);

        raw.Send(RawConnection.Frame(PvfsOpcode.Read, 7, request.AsSpan(0, writer.Position)));
        (FrameHeader Header, byte[] Payload)? streamed = raw.Receive();
        Barrier(raw);
        long fromFile = server.ReadBytesFromFile;
        server.StreamReads = false;
        raw.Send(RawConnection.Frame(PvfsOpcode.Read, 7, request.AsSpan(0, writer.Position)));
        (FrameHeader Header, byte[] Payload)? built = raw.Receive();
        Barrier(raw);

        Assert.That(streamed, Is.Not.Null);
        Assert.That(built, Is.Not.Null);
        Assert.That(streamed!.Value.Header, Is.EqualTo(built!.Value.Header));
        Assert.That(streamed.Value.Payload, Is.EqualTo(built.Value.Payload));
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(streamed.Value.Payload), Is.EqualTo(300 << 10));
        if (OperatingSystem.IsLinux())
            Assert.That(fromFile, Is.GreaterThan(0));
        Assert.That(server.ReadBytesFromFile, Is.EqualTo(fromFile), "the in-memory reply used sendfile");
    }

    [Test]
    public void ReadAt_DataObjectRemoved_NoSuchFileAndServerKeepsServing()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using PvfsClient client = cluster.Client();
        using PvfsNativeFile gone = client.Create("/gone", new StripingLayout(64 << 10, 0, 0));
        gone.WriteAt(0, PvfsTestData.Pattern(1 << 20, 7));
        client.Remove("/gone");
        byte[] back = new byte[1 << 20];
        StorageException? e = Assert.Throws<StorageException>(() => gone.ReadAt(0, back));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.NoSuchFile));

        using PvfsNativeFile other = client.Create("/other", new StripingLayout(64 << 10, 0, 0));
        byte[] data = PvfsTestData.Pattern(1 << 20, 8);
        other.WriteAt(0, data);
        Assert.That(other.ReadAt(0, back), Is.EqualTo(data.Length));
        Assert.That(back, Is.EqualTo(data));
    }

    [Test]
    public void ReadAt_BytestreamTruncatedBehindTheServer_ZerosPastNewEndAndServerKeepsServing()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using PvfsClient client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(64 << 10, 1, 0));
        byte[] data = PvfsTestData.Pattern(1 << 20, 9);
        file.WriteAt(0, data);
        // The server keeps the descriptor open; cut the bytestream under it.
        string objectPath = Path.Combine(cluster.Root, "io0", "data", file.Attributes.DataHandles[0].ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        using (SafeFileHandle handle = File.OpenHandle(objectPath, System.IO.FileMode.Open, FileAccess.ReadWrite))
            RandomAccess.SetLength(handle, 300 << 10);
        byte[] back = new byte[1 << 20];
        back.AsSpan().Fill(0xEE);
        Assert.That(file.ReadAt(0, back), Is.EqualTo(300 << 10));
        Assert.That(back.AsSpan(0, 300 << 10).SequenceEqual(data.AsSpan(0, 300 << 10)), Is.True);
        Assert.That(back.AsSpan(300 << 10).IndexOfAnyExcept((byte)0), Is.EqualTo(-1));

        file.WriteAt(0, data);
        Assert.That(file.ReadAt(0, back), Is.EqualTo(data.Length));
        Assert.That(back, Is.EqualTo(data));
    }

    /// <summary>A connected loopback pair: the sending side as the server has it (stream over the socket), the receiving side raw.</summary>
    private sealed class SocketPair : IDisposable
    {
        public SocketPair(int receiveBuffer = 0)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            Receiver = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
            if (receiveBuffer > 0)
                Receiver.ReceiveBufferSize = receiveBuffer;
            Receiver.Connect(listener.LocalEndPoint!);
            Sender = listener.Accept();
            // A safety net only: a blocking sendfile gives up after this and is treated like a full buffer.
            Sender.SendTimeout = 10_000;
            if (receiveBuffer > 0)
                Sender.SendBufferSize = receiveBuffer;
            Stream = new NetworkStream(Sender, ownsSocket: true);
        }

        public Socket Sender { get; }
        public Socket Receiver { get; }
        public NetworkStream Stream { get; }

        public byte[] ReceiveExactly(int length)
        {
            byte[] buffer = new byte[length];
            int got = 0;
            while (got < length)
            {
                int n = Receiver.Receive(buffer, got, length - got, SocketFlags.None);
                if (n == 0)
                    throw new EndOfStreamException($"closed after {got} of {length} bytes");
                got += n;
            }
            return buffer;
        }

        public void Dispose()
        {
            Stream.Dispose();
            Receiver.Dispose();
        }
    }

    [Test]
    public async Task SendAsync_BytestreamShrankAfterItsLengthWasTaken_PadsWithZeros()
    {
        using var directory = new TestDirectory();
        byte[] content = PvfsTestData.Pattern(200 << 10, 10);
        string path = directory.File("object");
        File.WriteAllBytes(path, content);
        using SafeFileHandle file = File.OpenHandle(path, System.IO.FileMode.Open, FileAccess.Read);
        using var pair = new SocketPair();
        var sender = new ReadReplySender(pair.Sender, pair.Stream);
        // The length says 1 MiB, as if taken before a truncation: the long run (sendfile) and the short run (pread)
        // both meet the real end early and must still fill their announced bytes.
        ReadRun[] runs = [new(0, 512 << 10), new(150 << 10, 60 << 10)];
        long bytes = (512 << 10) + (60 << 10);
        Task<byte[]> receive = Task.Run(() => pair.ReceiveExactly(FrameHeader.Size + 8 + (int)bytes));

        ReadReplyCounts counts = await sender.SendAsync(41, file, 1 << 20, runs, runs.Length, bytes, CancellationToken.None);
        byte[] reply = await receive;

        FrameHeader header = FrameHeader.Read(reply);
        Assert.That(header, Is.EqualTo(new FrameHeader(PvfsOpcode.Read, 41, 8 + (int)bytes, 0)));
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(reply.AsSpan(FrameHeader.Size)), Is.EqualTo(1 << 20));
        byte[] expected = new byte[bytes];
        content.CopyTo(expected, 0);
        content.AsSpan(150 << 10).CopyTo(expected.AsSpan(512 << 10));
        Assert.That(reply.AsSpan(FrameHeader.Size + 8).SequenceEqual(expected), Is.True);
        Assert.That(counts.SentFromFile + counts.Copied, Is.EqualTo(bytes));
        // sendfile stops at the real end (less if the socket filled and a piece went by the asynchronous send).
        if (OperatingSystem.IsLinux())
            Assert.That(counts.SentFromFile, Is.InRange(1, 200 << 10));
    }

    [Test]
    public async Task SendAsync_ReceiverNotReadingYet_WaitsForRoomThenDeliversEverything()
    {
        using var directory = new TestDirectory();
        byte[] content = PvfsTestData.Pattern(4 << 20, 11);
        string path = directory.File("object");
        File.WriteAllBytes(path, content);
        using SafeFileHandle file = File.OpenHandle(path, System.IO.FileMode.Open, FileAccess.Read);
        using var pair = new SocketPair(receiveBuffer: 64 << 10);
        var sender = new ReadReplySender(pair.Sender, pair.Stream);
        ReadRun[] runs = [new(0, content.Length)];

        // Nobody reads until the call returns: the reply cannot fit in the socket buffers, so the sender must
        // have found them full and left the rest to an asynchronous send.
        ValueTask<ReadReplyCounts> sending = sender.SendAsync(5, file, content.Length, runs, 1, content.Length, CancellationToken.None);
        Assert.That(sending.IsCompleted, Is.False);
        byte[] reply = pair.ReceiveExactly(FrameHeader.Size + 8 + content.Length);
        ReadReplyCounts counts = await sending;

        Assert.That(reply.AsSpan(FrameHeader.Size + 8).SequenceEqual(content), Is.True);
        Assert.That(counts.SentFromFile + counts.Copied, Is.EqualTo(content.Length));
        if (OperatingSystem.IsLinux())
        {
            Assert.That(counts.RoomWaits, Is.GreaterThan(0));
            Assert.That(counts.SentFromFile, Is.GreaterThan(0));
        }
    }

    [Test]
    public void SendAsync_SendFileFails_ThrowsIOException()
    {
        Assume.That(OperatingSystem.IsLinux(), "sendfile is used on Linux only");
        using var directory = new TestDirectory();
        string path = directory.File("object");
        File.WriteAllBytes(path, PvfsTestData.Pattern(256 << 10, 12));
        // A write-only descriptor: sendfile refuses to read from it (EBADF), as it would a failing disk.
        using SafeFileHandle file = File.OpenHandle(path, System.IO.FileMode.Open, FileAccess.Write);
        using var pair = new SocketPair();
        var sender = new ReadReplySender(pair.Sender, pair.Stream);
        ReadRun[] runs = [new(0, 256 << 10)];
        IOException? e = Assert.ThrowsAsync<IOException>(async () => await sender.SendAsync(3, file, 256 << 10, runs, 1, 256 << 10, CancellationToken.None));
        Assert.That(e!.Message, Does.StartWith("sendfile:"));
    }
}
