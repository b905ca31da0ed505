using System.Buffers.Binary;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Tests.Pvfs;

[TestFixture]
public class ProtocolTests
{
    [Test]
    public void FrameHeader_RoundTrip_KeepsEveryField()
    {
        var header = new FrameHeader(PvfsOpcode.Write, 0x0102030405060708, 12345, -7);
        byte[] bytes = new byte[FrameHeader.Size];
        header.Write(bytes);
        Assert.That(FrameHeader.Read(bytes), Is.EqualTo(header));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes), Is.EqualTo(FrameHeader.Magic));
    }

    private static byte[] Header(uint magic = FrameHeader.Magic, ushort version = FrameHeader.Version, uint length = 0)
    {
        byte[] bytes = new byte[FrameHeader.Size];
        new FrameHeader(PvfsOpcode.Ping, 1, 0, 0).Write(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, magic);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), version);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), length);
        return bytes;
    }

    [Test]
    public void FrameHeaderRead_BadMagic_Throws()
        => Assert.Throws<PvfsProtocolException>(() => FrameHeader.Read(Header(magic: 0xdeadbeef)));

    [Test]
    public void FrameHeaderRead_OtherVersion_Throws()
        => Assert.Throws<PvfsProtocolException>(() => FrameHeader.Read(Header(version: 2)));

    [Test]
    public void FrameHeaderRead_OversizedPayload_Throws()
    {
        Assert.Throws<PvfsProtocolException>(() => FrameHeader.Read(Header(length: FrameHeader.MaxPayloadLength + 1u)));
        Assert.Throws<PvfsProtocolException>(() => FrameHeader.Read(Header(length: uint.MaxValue)));
        Assert.DoesNotThrow(() => FrameHeader.Read(Header(length: FrameHeader.MaxPayloadLength)));
    }

    [Test]
    public void FrameHeaderRead_Short_Throws()
        => Assert.Throws<PvfsProtocolException>(() => FrameHeader.Read(new byte[FrameHeader.Size - 1]));

    private static byte[] EncodeBlocks(FileBlock[] blocks, out int runs)
    {
        runs = RegionDescriptor.CountRuns(blocks);
        byte[] bytes = new byte[RegionDescriptor.RunsLength(runs)];
        var writer = new SpanWriter(bytes);
        RegionDescriptor.WriteBlocks(ref writer, blocks, runs);
        Assert.That(writer.Position, Is.EqualTo(bytes.Length));
        return bytes;
    }

    private static List<FileBlock> Decode(byte[] bytes, out long total)
    {
        var reader = new SpanReader(bytes);
        ReadOnlySpan<byte> descriptor = RegionDescriptor.Read(ref reader, out total);
        reader.EnsureEnd("descriptor");
        var blocks = new List<FileBlock>();
        foreach (FileBlock b in RegionDescriptor.Blocks(descriptor))
            blocks.Add(b);
        return blocks;
    }

    [Test]
    public void RegionDescriptor_RegularStrides_CompressToRunsAndRoundTrip()
    {
        FileBlock[] blocks = [new(0, 10), new(20, 10), new(40, 10), new(60, 10), new(100, 5), new(7, 0), new(200, 1)];
        byte[] bytes = EncodeBlocks(blocks, out int runs);
        Assert.That(runs, Is.EqualTo(3)); // {0,10,20,4}, {100,5,0,1}, {200,1,0,1}
        Assert.That(Decode(bytes, out long total), Is.EqualTo(blocks.Where(b => b.Length > 0)));
        Assert.That(total, Is.EqualTo(46));
    }

    [Test]
    public void RegionDescriptor_Partition_YieldsGroupPieces()
    {
        byte[] bytes = new byte[RegionDescriptor.PartitionLength];
        var writer = new SpanWriter(bytes);
        RegionDescriptor.WritePartition(ref writer, new PvfsPartition(5, 3, 10), 2, 7);
        Assert.That(Decode(bytes, out long total), Is.EqualTo(new FileBlock[] { new(7, 1), new(15, 3), new(25, 3) }));
        Assert.That(total, Is.EqualTo(7));
    }

    [Test]
    public void RegionDescriptor_ContiguousPartition_OneBlock()
    {
        byte[] bytes = new byte[RegionDescriptor.PartitionLength];
        var writer = new SpanWriter(bytes);
        RegionDescriptor.WritePartition(ref writer, new PvfsPartition(100, 0, 0), 5, 50);
        Assert.That(Decode(bytes, out _), Is.EqualTo(new FileBlock[] { new(105, 50) }));
    }

    private static byte[] Runs(params long[] fields)
    {
        byte[] bytes = new byte[5 + fields.Length * 8];
        bytes[0] = RegionDescriptor.KindRuns;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), fields.Length / 4);
        for (int i = 0; i < fields.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(5 + 8 * i), fields[i]);
        return bytes;
    }

    private static void AssertRejected(byte[] bytes)
        => Assert.Throws<PvfsProtocolException>(() =>
        {
            var reader = new SpanReader(bytes);
            RegionDescriptor.Read(ref reader, out _);
        });

    [Test]
    public void RegionDescriptorRead_NegativeField_Rejected()
    {
        AssertRejected(Runs(-1, 10, 0, 1));
        AssertRejected(Runs(0, -10, 0, 1));
        AssertRejected(Runs(0, 10, -5, 2));
        AssertRejected(Runs(0, 10, 10, 0));
    }

    [Test]
    public void RegionDescriptorRead_PastTwoToThe62_Rejected()
    {
        AssertRejected(Runs(RegionDescriptor.MaxOffset - 5, 10, 0, 1));
        AssertRejected(Runs(0, 1, long.MaxValue / 2, 4));
    }

    [Test]
    public void RegionDescriptorRead_TruncatedOrUnknown_Rejected()
    {
        byte[] good = Runs(0, 10, 0, 1);
        AssertRejected(good[..^1]);
        AssertRejected([]);
        AssertRejected([9]);
        byte[] tooMany = Runs(0, 10, 0, 1);
        BinaryPrimitives.WriteInt32LittleEndian(tooMany.AsSpan(1), RegionDescriptor.MaxRuns + 1);
        AssertRejected(tooMany);
    }

    [Test]
    public void RegionDescriptorRead_OverlappingPartition_Rejected()
    {
        byte[] bytes = new byte[RegionDescriptor.PartitionLength];
        var writer = new SpanWriter(bytes);
        RegionDescriptor.WritePartition(ref writer, new PvfsPartition(0, 20, 10), 0, 100);
        AssertRejected(bytes);
    }

    [Test]
    public void DataRequestRead_ServerOutsideLayout_Rejected()
    {
        byte[] bytes = new byte[DataRequest.FixedLength + RegionDescriptor.RunsLength(0)];
        var writer = new SpanWriter(bytes);
        DataRequest.WriteHead(ref writer, 1, 2, new StripingLayout(64, 2, 0));
        RegionDescriptor.WriteBlocks(ref writer, [], 0);
        Assert.Throws<PvfsProtocolException>(() =>
        {
            var reader = new SpanReader(bytes);
            DataRequest.Read(ref reader);
        });
    }

    [Test]
    public void DataRequestRead_ZeroStripeSize_Rejected()
    {
        byte[] bytes = new byte[DataRequest.FixedLength + RegionDescriptor.RunsLength(0)];
        var writer = new SpanWriter(bytes);
        DataRequest.WriteHead(ref writer, 1, 0, new StripingLayout(0, 2, 0));
        RegionDescriptor.WriteBlocks(ref writer, [], 0);
        Assert.Throws<PvfsProtocolException>(() =>
        {
            var reader = new SpanReader(bytes);
            DataRequest.Read(ref reader);
        });
    }

    [Test]
    public void ServerRunEnumerator_ContiguousOverTwoRows_MergesIntoOneRunPerServer()
    {
        byte[] bytes = EncodeBlocks([new FileBlock(0, 40)], out _);
        var layout = new StripingLayout(10, 2, 0);
        var runs = new ServerRunEnumerator(bytes, layout, 1);
        Assert.That(runs.MoveNext(), Is.True);
        Assert.That((runs.LocalOffset, runs.Position, runs.Length), Is.EqualTo((0L, 0L, 20L)));
        Assert.That(runs.MoveNext(), Is.False);
    }

    [Test]
    public void ServerRunEnumerator_Gap_TwoRuns()
    {
        byte[] bytes = EncodeBlocks([new FileBlock(0, 5), new FileBlock(25, 10)], out _);
        var runs = new ServerRunEnumerator(bytes, new StripingLayout(10, 2, 0), 0);
        var seen = new List<(long, long, long)>();
        while (runs.MoveNext())
            seen.Add((runs.LocalOffset, runs.Position, runs.Length));
        Assert.That(seen, Is.EqualTo(new[] { (0L, 0L, 5L), (15L, 5L, 5L) }));
    }

    [Test]
    public void Attributes_RoundTrip_KeepsServersAndHandles()
    {
        var attributes = new PvfsAttributes
        {
            Handle = 77, Type = PvfsObjectType.File, Mode = 0x1A4, CreateTime = 1, ModifyTime = 2, Size = 3,
            Layout = new StripingLayout(4096, 2, 1), Servers = [2, 0], DataHandles = [10, 11],
        };
        byte[] bytes = new byte[attributes.EncodedLength];
        var writer = new SpanWriter(bytes);
        attributes.Write(ref writer);
        var reader = new SpanReader(bytes);
        PvfsAttributes back = PvfsAttributes.Read(ref reader);
        Assert.That(back.Servers, Is.EqualTo(attributes.Servers));
        Assert.That(back.DataHandles, Is.EqualTo(attributes.DataHandles));
        Assert.That(back with { Servers = attributes.Servers, DataHandles = attributes.DataHandles }, Is.EqualTo(attributes));
    }

    [Test]
    public void AttributesRead_FileWithMismatchedServerCount_Rejected()
    {
        var attributes = new PvfsAttributes { Type = PvfsObjectType.File, Layout = new StripingLayout(4096, 3, 0), Servers = [0], DataHandles = [1] };
        byte[] bytes = new byte[attributes.EncodedLength];
        var writer = new SpanWriter(bytes);
        attributes.Write(ref writer);
        Assert.Throws<PvfsProtocolException>(() =>
        {
            var reader = new SpanReader(bytes);
            PvfsAttributes.Read(ref reader);
        });
    }

    [Test]
    public void SmallRecords_RoundTrip()
    {
        var statfs = new PvfsStatfs(new PvfsServerInfo(3, PvfsRoles.Both, 99, 1234), 10, 20, 30, 40);
        var entry = new PvfsDirEntry("name é", PvfsObjectType.Directory, 5);
        byte[] bytes = new byte[PvfsStatfs.EncodedLength + entry.EncodedBound];
        var writer = new SpanWriter(bytes);
        statfs.Write(ref writer);
        entry.Write(ref writer);
        var reader = new SpanReader(bytes.AsSpan(0, writer.Position));
        Assert.That(PvfsStatfs.Read(ref reader), Is.EqualTo(statfs));
        Assert.That(PvfsDirEntry.Read(ref reader), Is.EqualTo(entry));
        reader.EnsureEnd("records");
    }

    [Test]
    public void SpanReader_StringPastEnd_Throws()
    {
        byte[] bytes = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 100);
        Assert.Throws<PvfsProtocolException>(() =>
        {
            var reader = new SpanReader(bytes);
            reader.ReadString("s");
        });
    }

    [Test]
    public void SpanWriter_Overflow_Throws()
        => Assert.Throws<PvfsProtocolException>(() =>
        {
            var writer = new SpanWriter(new byte[4]);
            writer.WriteInt64(1);
        });

    [Test]
    public void Config_TextRoundTrip_KeepsEverything()
    {
        var config = new PvfsConfig
        {
            FileSystemId = 7, StripeSize = 4096, StripeCount = 2, SyncData = true, SyncMeta = false, Secret = "s",
            Timeout = TimeSpan.FromMilliseconds(1500),
            Servers = [new("127.0.0.1", 7000, PvfsRoles.Both, "/a"), new("host", 7001, PvfsRoles.IO, "/b")],
        };
        PvfsConfig back = PvfsConfig.Parse(config.ToText());
        Assert.That(back.ToText(), Is.EqualTo(config.ToText()));
        Assert.That(back.IOServers(), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(back.MetadataServer, Is.EqualTo(0));
    }

    [TestCase("[server]\naddress = a:1\nroles = io\nstorage = /x\n", "metadata")]
    [TestCase("[server]\naddress = a:1\nroles = metadata\nstorage = /x\n[server]\naddress = a:2\nroles = metadata,io\nstorage = /y\n", "exactly one")]
    [TestCase("bogus = 1\n", ":1")]
    [TestCase("[server]\naddress = nohost\nroles = io\nstorage = /x\n", "host:port")]
    [TestCase("stripe_size = 0\n", "stripe_size")]
    [TestCase("sync = fast\n", "sync")]
    public void ConfigParse_Bad_ThrowsNamingTheProblem(string text, string expected)
    {
        var e = Assert.Throws<StorageException>(() => PvfsConfig.Parse(text));
        Assert.That(e!.Message, Does.Contain(expected));
        Assert.That(e.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [TestCase("relative")]
    [TestCase("/a/../b")]
    [TestCase("/a/./b")]
    [TestCase("/a/b\0c")]
    [TestCase("")]
    public void PvfsPathSplit_EscapingOrBadName_ThrowsBadFile(string path)
    {
        var e = Assert.Throws<StorageException>(() => PvfsPath.Split(path));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.BadFile));
    }

    [Test]
    public void PvfsPathNormalize_DoubledSlashes_Collapsed()
        => Assert.That(PvfsPath.Normalize("//a///b/"), Is.EqualTo("/a/b"));

    [Test]
    public void PvfsAuth_ProofsDependOnSecretAndDirection()
    {
        byte[] a = new byte[32], b = new byte[32];
        a[0] = 1;
        byte[] p1 = new byte[32], p2 = new byte[32], p3 = new byte[32];
        PvfsAuth.ComputeProof("x", true, a, b, p1);
        PvfsAuth.ComputeProof("x", false, a, b, p2);
        PvfsAuth.ComputeProof("y", true, a, b, p3);
        Assert.That(PvfsAuth.Check(p1, p1), Is.True);
        Assert.That(PvfsAuth.Check(p1, p2), Is.False);
        Assert.That(PvfsAuth.Check(p1, p3), Is.False);
    }
}
