using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Tests.Pvfs;

[TestFixture]
public class PvfsFaultTests
{
    private static PvfsConfig OneServer(int port, string storage) => new()
    {
        Servers = [new PvfsServerEndpoint("127.0.0.1", port, PvfsRoles.Both, storage)],
        Timeout = TimeSpan.FromMilliseconds(500),
    };

    [Test]
    public void Ping_ServerDown_FailsNamingServer()
    {
        int port = TestPorts.Free();
        using var client = new PvfsClient(OneServer(port, "/unused"));
        var e = Assert.Throws<StorageException>(() => client.Ping(0));
        Assert.That(e!.Message, Does.Contain($"127.0.0.1:{port}"));
        Assert.That(e.ErrorClass, Is.EqualTo(ErrorClass.IO));
    }

    [Test]
    public void Ping_ServerNeverAnswers_TimesOutNamingServer()
    {
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        Task accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                    accepted.Add(await silent.AcceptSocketAsync());
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        });
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        try
        {
            using var client = new PvfsClient(OneServer(port, "/unused"));
            var e = Assert.Throws<StorageException>(() => client.Ping(0));
            Assert.That(e!.Message, Does.Contain($"127.0.0.1:{port}").And.Contain("no answer"));
            // The next call tries a fresh connection and fails the same way instead of hanging.
            Assert.Throws<StorageException>(() => client.Lookup("/"));
        }
        finally
        {
            silent.Stop();
            accepting.Wait(5000);
            foreach (Socket s in accepted)
                s.Dispose();
        }
    }

    [Test]
    public void WriteAt_OneIOServerStopped_FailsNamingThatServer()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(10, 0, 0));
        file.WriteAt(0, new byte[40]);
        cluster.Servers[1].DisposeAsync().AsTask().Wait();
        var e = Assert.Throws<StorageException>(() => file.WriteAt(0, new byte[40]));
        Assert.That(e!.Message, Does.Contain(cluster.Config.Servers[1].Address));
        // Server 0 alone still serves what lies on it.
        byte[] first = new byte[10];
        Assert.That(file.ReadAt(0, first), Is.EqualTo(10));
    }

    [Test]
    public void Secret_RightSecret_Works_MissingOrWrong_RefusedWithAccess()
    {
        using var cluster = PvfsTestCluster.Start(2, secret: "s3cret");
        using (var good = cluster.Client())
        using (PvfsNativeFile file = good.Create("/f"))
        {
            file.WriteAt(0, [1, 2, 3]);
            Assert.That(good.Stat("/f").Size, Is.EqualTo(3));
        }
        long objectsBefore;
        using (var good = cluster.Client())
            objectsBefore = good.Statfs(1).Objects;
        using (var none = new PvfsClient(cluster.Config with { Secret = null }))
            Assert.That(Assert.Throws<StorageException>(() => none.Create("/g"))!.ErrorClass, Is.EqualTo(ErrorClass.Access));
        using (var wrong = new PvfsClient(cluster.Config with { Secret = "guess" }))
            Assert.That(Assert.Throws<StorageException>(() => wrong.Statfs(1))!.ErrorClass, Is.EqualTo(ErrorClass.Access));
        // A raw client that skips the handshake gets a refusal, the connection closes, and no object is made.
        using (var raw = new RawConnection(cluster.Config.Servers[1].Port))
        {
            raw.Send(RawConnection.Frame(PvfsOpcode.CreateData, 5, []));
            var reply = raw.Receive();
            Assert.That(reply, Is.Not.Null);
            Assert.That(reply!.Value.Header.Status, Is.EqualTo((int)ErrorClass.Access));
            Assert.That(raw.IsClosedByServer(), Is.True);
        }
        // A large payload before authentication is refused from its header alone.
        using (var raw = new RawConnection(cluster.Config.Servers[0].Port))
        {
            byte[] big = RawConnection.Frame(PvfsOpcode.Write, 6, []);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(big.AsSpan(16), 50 << 20);
            raw.Send(big);
            Assert.That(raw.Receive()!.Value.Header.Status, Is.EqualTo((int)ErrorClass.Access));
            Assert.That(raw.IsClosedByServer(), Is.True);
        }
        using (var good = cluster.Client())
        {
            Assert.That(good.Statfs(1).Objects, Is.EqualTo(objectsBefore));
            Assert.That(good.Exists("/g"), Is.False);
        }
    }

    [Test]
    public void RawLookup_EscapingPath_RejectedByServer()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var raw = new RawConnection(cluster.Config.Servers[0].Port);
        ulong id = 1;
        foreach (string path in new[] { "/../../etc/passwd", "/a/\0/b", "etc" })
        {
            raw.Send(RawConnection.Frame(PvfsOpcode.Lookup, id, RawConnection.StringPayload(path)));
            var reply = raw.Receive();
            Assert.That(reply, Is.Not.Null);
            Assert.That(reply!.Value.Header.RequestId, Is.EqualTo(id));
            Assert.That(reply.Value.Header.Status, Is.EqualTo((int)ErrorClass.BadFile), path);
            id++;
        }
        raw.Send(RawConnection.Frame(PvfsOpcode.Mkdir, id, RawConnection.StringPayload("/x/..", extra: 4)));
        Assert.That(raw.Receive()!.Value.Header.Status, Is.EqualTo((int)ErrorClass.BadFile));
    }

    private static byte[] DataRequestPayload(ulong handle, StripingLayout layout, FileBlock block, int dataBytes)
    {
        FileBlock[] blocks = [block];
        int runs = RegionDescriptor.CountRuns(blocks);
        byte[] payload = new byte[DataRequest.FixedLength + RegionDescriptor.RunsLength(runs) + dataBytes];
        var writer = new SpanWriter(payload);
        DataRequest.WriteHead(ref writer, handle, 0, layout);
        RegionDescriptor.WriteBlocks(ref writer, blocks, runs);
        return payload;
    }

    private static (int Status, string Message) Ask(RawConnection raw, PvfsOpcode opcode, ulong id, byte[] payload)
    {
        raw.Send(RawConnection.Frame(opcode, id, payload));
        var reply = raw.Receive();
        Assert.That(reply, Is.Not.Null, $"{opcode} got no reply");
        Assert.That(reply!.Value.Header.RequestId, Is.EqualTo(id));
        return (reply.Value.Header.Status, reply.Value.Header.Status == 0 ? "" : RawConnection.Message(reply.Value.Payload));
    }

    [Test]
    public void RawRequests_OutOfRange_RejectedWithErrorAndConnectionKept()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        using (PvfsNativeFile f = client.Create("/f"))
            f.WriteAt(0, [1]);
        ulong handle = client.Lookup("/f").DataHandles[0];
        var layout = new StripingLayout(64, 1, 0);
        using var raw = new RawConnection(cluster.Config.Servers[0].Port);

        var unknown = Ask(raw, (PvfsOpcode)999, 1, []);
        Assert.That(unknown.Status, Is.EqualTo((int)ErrorClass.UnsupportedOperation));

        var shortData = Ask(raw, PvfsOpcode.Write, 2, DataRequestPayload(handle, layout, new FileBlock(0, 10), 4));
        Assert.That(shortData.Message, Does.Contain("write carries 4 data bytes"));

        var huge = Ask(raw, PvfsOpcode.Read, 3, DataRequestPayload(handle, layout, new FileBlock(0, 1L << 30), 0));
        Assert.That(huge.Message, Does.Contain("exceeds the frame limit"));

        byte[] truncate = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(truncate, handle);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(truncate.AsSpan(8), -1);
        Assert.That(Ask(raw, PvfsOpcode.Truncate, 4, truncate).Message, Does.Contain("out of range"));

        var missing = Ask(raw, PvfsOpcode.Read, 5, DataRequestPayload(handle + 1000, layout, new FileBlock(0, 10), 0));
        Assert.That(missing.Status, Is.EqualTo((int)ErrorClass.NoSuchFile));

        var wanted = new PvfsAttributes { Type = PvfsObjectType.File, Layout = layout, Servers = [7], DataHandles = [handle] };
        byte[] create = new byte[SpanWriter.StringBound("/g") + 4 + wanted.EncodedLength];
        var writer = new SpanWriter(create);
        writer.WriteString("/g");
        writer.WriteInt32(0x1A4);
        wanted.Write(ref writer);
        Assert.That(Ask(raw, PvfsOpcode.Create, 6, create[..writer.Position]).Message, Does.Contain("names server 7"));

        Assert.That(Ask(raw, PvfsOpcode.Ping, 7, []).Status, Is.EqualTo(0), "the connection survives rejected requests");
        byte[] back = new byte[1];
        using PvfsNativeFile again = client.Open("/f");
        Assert.That(again.ReadAt(0, back), Is.EqualTo(1));
        Assert.That(back[0], Is.EqualTo(1), "rejected writes changed nothing");
        Assert.That(client.Exists("/g"), Is.False);
    }

    [Test]
    public void RawDataRequest_ToMetadataOnlyServer_Unsupported()
    {
        using var cluster = PvfsTestCluster.Start(1, separateMetadata: true);
        using var raw = new RawConnection(cluster.Config.Servers[0].Port);
        var reply = Ask(raw, PvfsOpcode.CreateData, 1, []);
        Assert.That(reply.Status, Is.EqualTo((int)ErrorClass.UnsupportedOperation));
        Assert.That(reply.Message, Does.Contain("no I/O role"));
    }

    [Test]
    public void WriteAt_OneServerGoesSilent_TimesOutNamingIt()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using (var creator = cluster.Client())
        using (PvfsNativeFile created = creator.Create("/f", new StripingLayout(10, 0, 0)))
            created.WriteAt(0, new byte[40]);
        int port = cluster.Config.Servers[1].Port;
        cluster.Servers[1].DisposeAsync().AsTask().Wait();
        var silent = new Socket(SocketType.Stream, ProtocolType.Tcp);
        silent.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, port));
        silent.Listen(8); // accepts connections in the kernel, never answers
        try
        {
            using var client = cluster.Client();
            client.Timeout = TimeSpan.FromMilliseconds(400);
            using PvfsNativeFile file = client.Open("/f");
            var e = Assert.Throws<StorageException>(() => file.WriteAt(0, new byte[40]));
            Assert.That(e!.Message, Does.Contain($"127.0.0.1:{port}").And.Contain("no answer"));
        }
        finally
        {
            silent.Dispose();
        }
    }

    [Test]
    public void ConfigLoad_MissingFile_NoSuchFile()
    {
        var e = Assert.Throws<StorageException>(() => PvfsConfig.Load("/nonexistent/mpiio.conf"));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.NoSuchFile));
        Assert.That(e.Message, Does.Contain("/nonexistent/mpiio.conf"));
    }

    [Test]
    public void BrokenFraming_BadMagicOversizedTruncated_ErrorReplyThenClose()
    {
        using var cluster = PvfsTestCluster.Start(1);
        int port = cluster.Config.Servers[0].Port;
        byte[] bad = RawConnection.Frame(PvfsOpcode.Ping, 1, []);
        bad[0] ^= 0xFF;
        using (var raw = new RawConnection(port))
        {
            raw.Send(bad);
            var reply = raw.Receive();
            Assert.That(reply!.Value.Header.Status, Is.EqualTo((int)ErrorClass.IO));
            Assert.That(RawConnection.Message(reply.Value.Payload), Does.Contain("magic"));
            Assert.That(raw.IsClosedByServer(), Is.True);
        }
        byte[] oversized = RawConnection.Frame(PvfsOpcode.Write, 2, []);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(oversized.AsSpan(16), FrameHeader.MaxPayloadLength + 1u);
        using (var raw = new RawConnection(port))
        {
            raw.Send(oversized);
            Assert.That(RawConnection.Message(raw.Receive()!.Value.Payload), Does.Contain("exceeds"));
            Assert.That(raw.IsClosedByServer(), Is.True);
        }
        using (var raw = new RawConnection(port))
        {
            byte[] truncated = RawConnection.Frame(PvfsOpcode.Lookup, 3, new byte[100]);
            raw.Send(truncated.AsSpan(0, FrameHeader.Size + 10));
        }
        using var client = cluster.Client();
        Assert.That(client.Ping(0).Index, Is.EqualTo(0));
    }

    [Test]
    public void RandomGarbage_FewHundredFrames_ServerStillServes()
    {
        using var cluster = PvfsTestCluster.Start(1);
        int port = cluster.Config.Servers[0].Port;
        var random = new Random(20261121);
        var clock = Stopwatch.StartNew();
        RawConnection raw = new(port);
        int answered = 0;
        try
        {
            for (int i = 0; i < 300 && clock.Elapsed < TimeSpan.FromSeconds(15); i++)
            {
                int kind = random.Next(4);
                if (kind <= 1)
                {
                    // A well-framed request with a random opcode and payload: must get an answer with its id.
                    byte[] payload = new byte[random.Next(0, 120)];
                    random.NextBytes(payload);
                    var opcode = (PvfsOpcode)random.Next(0, 40);
                    if (opcode is PvfsOpcode.Write or PvfsOpcode.Truncate && payload.Length > 8)
                        payload[8] = 0; // keep some requests plausible enough to reach deeper checks
                    ulong id = (ulong)i + 1;
                    raw.Send(RawConnection.Frame(opcode, id, payload));
                    var reply = raw.Receive();
                    Assert.That(reply, Is.Not.Null, $"frame {i}: {opcode} got no reply");
                    Assert.That(reply!.Value.Header.RequestId, Is.EqualTo(id));
                    answered++;
                    continue;
                }
                // Broken framing: random bytes, or a good header followed by too few bytes; the server closes.
                byte[] junk = new byte[random.Next(1, 64)];
                random.NextBytes(junk);
                if (kind == 3 && junk.Length > 4)
                    new FrameHeader(PvfsOpcode.Read, 9, 1000, 0).Write(junk.Length >= FrameHeader.Size ? junk : new byte[FrameHeader.Size]);
                raw.Send(junk);
                raw.Dispose();
                raw = new RawConnection(port);
            }
        }
        finally
        {
            raw.Dispose();
        }
        Assert.That(answered, Is.GreaterThan(0), "well-framed frames were sent (each asserted its reply above)");
        using var client = cluster.Client();
        Assert.That(client.Ping(0).FileSystemId, Is.EqualTo(42UL));
        using PvfsNativeFile file = client.Create("/after");
        file.WriteAt(0, [5]);
        Assert.That(file.GetSize(), Is.EqualTo(1));
    }
}
