using MpiIo.Mpi;
using MpiIo.Server;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Pvfs;

/// <summary>
/// The native API's asynchronous calls (many requests in flight per server), and the bulk paths that avoid copies:
/// writes sent from the caller's memory past the first 64 KiB of each server's stream, reads of 64 KiB or more per
/// server received straight into the caller's buffer.
/// </summary>
[TestFixture]
public class PvfsAsyncAndDirectIoTests
{
    // Unaligned offsets and lengths, streams below and above the 64 KiB thresholds, one to three servers.
    [TestCase(1, 65536, 3, 300_001)]
    [TestCase(2, 65536, 12_345, 1_000_003)]
    [TestCase(3, 4096, 77, 777_777)]
    [TestCase(3, 1 << 20, 1, 5_000_000)]
    public void WriteAtReadAt_BulkUnaligned_RoundTripsAndLeavesNeighboursAlone(int servers, int stripe, long offset, int length)
    {
        using var cluster = PvfsTestCluster.Start(servers);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(stripe, 0, 0));
        byte[] before = PvfsTestData.Pattern((int)offset + length + 1000, servers);
        file.WriteAt(0, before);
        byte[] data = PvfsTestData.Pattern(length, servers + 100);
        file.WriteAt(offset, data);
        byte[] back = new byte[before.Length];
        Assert.That(file.ReadAt(0, back), Is.EqualTo(back.Length));
        byte[] expected = (byte[])before.Clone();
        data.CopyTo(expected, offset);
        Assert.That(back.AsSpan().SequenceEqual(expected), Is.True);
    }

    [Test]
    public void ReadAt_BulkReadPastEnd_ShortCountAndZeroTail()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(65536, 0, 0));
        byte[] data = PvfsTestData.Pattern(300_000, 5);
        file.WriteAt(0, data);
        byte[] back = new byte[1 << 20];
        back.AsSpan().Fill(0xEE);
        Assert.That(file.ReadAt(0, back), Is.EqualTo(data.Length));
        Assert.That(back.AsSpan(0, data.Length).SequenceEqual(data), Is.True);
        Assert.That(back.AsSpan(data.Length).IndexOfAnyExcept((byte)0), Is.EqualTo(-1));
    }

    [Test]
    public void WriteAtAsyncReadAtAsync_ThirtyTwoInFlight_EveryBlockLandsAndReadsBack()
    {
        using var cluster = PvfsTestCluster.Start(4);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(65536, 0, 0));
        const int Blocks = 256, Size = 4096;
        var writes = new Task[Blocks];
        byte[][] blocks = new byte[Blocks][];
        for (int i = 0; i < Blocks; i++)
        {
            blocks[i] = PvfsTestData.Pattern(Size, i);
            writes[i] = file.WriteAtAsync((long)i * Size, blocks[i]);
        }
        Task.WaitAll(writes);
        var reads = new Task<int>[Blocks];
        byte[][] back = new byte[Blocks][];
        for (int i = 0; i < Blocks; i++)
        {
            back[i] = new byte[Size];
            reads[i] = file.ReadAtAsync((long)i * Size, back[i]);
        }
        Task.WaitAll(reads);
        for (int i = 0; i < Blocks; i++)
        {
            Assert.That(reads[i].Result, Is.EqualTo(Size), $"block {i}");
            Assert.That(back[i], Is.EqualTo(blocks[i]), $"block {i}");
        }
        Assert.That(file.GetSize(), Is.EqualTo((long)Blocks * Size));
    }

    [Test]
    public void ReadAtAsync_LargerThanOneRoundAndPastEnd_ShortCount()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(65536, 0, 0));
        byte[] data = PvfsTestData.Pattern(file.RoundBytes + 123_457, 9);
        file.WriteAtAsync(10, data).GetAwaiter().GetResult();
        byte[] back = new byte[data.Length + 5000];
        Assert.That(file.ReadAtAsync(10, back).GetAwaiter().GetResult(), Is.EqualTo(data.Length));
        Assert.That(back.AsSpan(0, data.Length).SequenceEqual(data), Is.True);
    }

    [Test]
    public void ReadAtAsyncWriteAtAsync_NegativeOffset_ThrowArgAndWriteNothing()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f");
        var w = Assert.ThrowsAsync<StorageException>(() => file.WriteAtAsync(-1, new byte[10]));
        Assert.That(w!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
        Assert.That(w.Message, Does.Contain("offset"));
        var r = Assert.ThrowsAsync<StorageException>(() => file.ReadAtAsync(-5, new byte[10]));
        Assert.That(r!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
        Assert.That(file.GetSize(), Is.Zero);
    }

    [Test]
    public void ReadAtAsync_AfterDispose_ThrowsFile()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        PvfsNativeFile file = client.Create("/f");
        file.Dispose();
        var e = Assert.ThrowsAsync<StorageException>(() => file.ReadAtAsync(0, new byte[10]));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.File));
    }

    [Test]
    public void ReadAt_BulkWithOneServerStopped_FailsNamingItThenOthersStillServe()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(65536, 0, 0));
        byte[] data = PvfsTestData.Pattern(1 << 20, 3);
        file.WriteAt(0, data);
        cluster.Servers[1].DisposeAsync().AsTask().Wait();
        byte[] back = new byte[1 << 20];
        var e = Assert.Throws<StorageException>(() => file.ReadAt(0, back));
        Assert.That(e!.Message, Does.Contain(cluster.Config.Servers[1].Address));
        var a = Assert.ThrowsAsync<StorageException>(() => file.ReadAtAsync(0, back));
        Assert.That(a!.Message, Does.Contain(cluster.Config.Servers[1].Address));
        // The first stripe lives on server 0 alone, which still answers with the right bytes.
        byte[] first = new byte[65536];
        Assert.That(file.ReadAt(0, first), Is.EqualTo(first.Length));
        Assert.That(first.AsSpan().SequenceEqual(data.AsSpan(0, 65536)), Is.True);
    }
}

/// <summary>A read reply that breaks off inside its data, on the path that receives straight into the caller's buffer.</summary>
[TestFixture]
public class PvfsDirectReadFaultTests
{
    // An I/O "server" that hands out a data handle, and answers a read with a header announcing all its bytes, then
    // sends half of them and closes.
    private static async Task TruncatingServer(System.Net.Sockets.TcpListener listener)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
                connections.Add(Serve(await listener.AcceptSocketAsync()));
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
        }
        await Task.WhenAll(connections);
    }

    private static async Task Serve(System.Net.Sockets.Socket socket)
    {
        try
        {
            using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            byte[] head = new byte[FrameHeader.Size];
            while (true)
            {
                await stream.ReadExactlyAsync(head);
                FrameHeader h = FrameHeader.Read(head);
                byte[] payload = new byte[h.PayloadLength];
                await stream.ReadExactlyAsync(payload);
                if (h.Opcode == PvfsOpcode.Read)
                {
                    long bytes = Bytes(payload);
                    byte[] reply = new byte[FrameHeader.Size + 8 + bytes / 2];
                    new FrameHeader(h.Opcode, h.RequestId, 8 + (int)bytes, 0).Write(reply);
                    await stream.WriteAsync(reply);
                    return;
                }
                byte[] ok = new byte[FrameHeader.Size + 8];
                new FrameHeader(h.Opcode, h.RequestId, 8, 0).Write(ok);
                ok[FrameHeader.Size] = 1; // data handle 1, or size 1
                await stream.WriteAsync(ok);
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or IOException)
        {
            // The client went away.
        }
    }

    private static long Bytes(byte[] payload)
    {
        var reader = new SpanReader(payload);
        DataRequest request = DataRequest.Read(ref reader);
        return DataRequest.BytesOn(request.Descriptor, request.Layout, request.Server);
    }

    [Test]
    public void ReadAt_ReplyBreaksOffInsideData_FailsNamingServerWithoutHanging()
    {
        var fake = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        fake.Start();
        Task serving = TruncatingServer(fake);
        int fakePort = ((System.Net.IPEndPoint)fake.LocalEndpoint).Port;
        using var dir = new TestDirectory();
        var config = new PvfsConfig
        {
            FileSystemId = 7, SyncData = false, SyncMeta = false, Timeout = TimeSpan.FromSeconds(5),
            Servers = [new("127.0.0.1", 0, PvfsRoles.Both, dir.File("io0")), new("127.0.0.1", fakePort, PvfsRoles.IO, dir.File("io1"))],
        };
        var real = new PvfsServer(config, 0, new ServerLog(LogLevel.Error));
        try
        {
            real.Start();
            config = config with { Servers = [config.Servers[0] with { Port = real.Port }, config.Servers[1]] };
            using var client = new PvfsClient(config);
            using PvfsNativeFile file = client.Create("/f", new StripingLayout(65536, 2, 0));
            byte[] back = new byte[1 << 20];
            var e = Assert.Throws<StorageException>(() => file.ReadAt(0, back));
            Assert.That(e!.Message, Does.Contain($"127.0.0.1:{fakePort}"));
            Assert.That(e.ErrorClass, Is.EqualTo(ErrorClass.IO));
            var a = Assert.ThrowsAsync<StorageException>(() => file.ReadAtAsync(0, back));
            Assert.That(a!.Message, Does.Contain($"127.0.0.1:{fakePort}"));
        }
        finally
        {
            fake.Stop();
            real.DisposeAsync().AsTask().GetAwaiter().GetResult();
            serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
