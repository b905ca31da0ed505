using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Tests.Pvfs;

[TestFixture]
public class PvfsEndToEndTests
{
    private static readonly Dictionary<string, string> NoHints = [];

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void WriteAtReadAt_ManyStripes_RoundTrip(int servers)
    {
        using var cluster = PvfsTestCluster.Start(servers);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(1000, 0, 0));
        byte[] data = PvfsTestData.Pattern(12_345, servers);
        file.WriteAt(77, data);
        byte[] back = new byte[data.Length];
        Assert.That(file.ReadAt(77, back), Is.EqualTo(data.Length));
        Assert.That(back, Is.EqualTo(data));
        Assert.That(file.GetSize(), Is.EqualTo(77 + data.Length));
        Assert.That(file.Layout.ServerCount, Is.EqualTo(servers));
    }

    [Test]
    public void Create_BaseTwoCountTwoOfFour_UsesServersTwoAndThree()
    {
        using var cluster = PvfsTestCluster.Start(4);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(100, 2, 3));
        Assert.That(file.Attributes.Servers, Is.EqualTo(new[] { 3, 0 }));
        byte[] data = PvfsTestData.Pattern(1000, 1);
        file.WriteAt(0, data);
        byte[] back = new byte[1000];
        Assert.That(file.ReadAt(0, back), Is.EqualTo(1000));
        Assert.That(back, Is.EqualTo(data));
        // Only the file's two servers hold data objects.
        Assert.That(client.Statfs(1).Objects, Is.EqualTo(0));
        Assert.That(client.Statfs(3).BytesUsed, Is.EqualTo(500));
    }

    [Test]
    public void ReadAt_PastEnd_ShortReadThenZero()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(10, 0, 0));
        file.WriteAt(0, PvfsTestData.Pattern(25, 2));
        byte[] back = new byte[20];
        Assert.That(file.ReadAt(15, back), Is.EqualTo(10));
        Assert.That(back.AsSpan(10).ToArray(), Is.All.EqualTo(0));
        Assert.That(file.ReadAt(25, back), Is.EqualTo(0));
        Assert.That(file.ReadAt(1000, back), Is.EqualTo(0));
    }

    [Test]
    public void ReadAt_SizeSetByAServerNotAsked_NotShort()
    {
        // The only data lies at stripe 3 (server 1); a read of stripe 0 alone (server 0) must still see it.
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(10, 0, 0));
        file.WriteAt(35, [1, 2, 3]);
        byte[] back = new byte[10];
        Assert.That(file.ReadAt(0, back), Is.EqualTo(10));
        Assert.That(back, Is.All.EqualTo(0));
        Assert.That(file.GetSize(), Is.EqualTo(38));
    }

    [Test]
    public void WriteAt_SparseBeyondEnd_HoleReadsZero()
    {
        using var cluster = PvfsTestCluster.Start(4);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(64, 0, 0));
        file.WriteAt(0, [9]);
        file.WriteAt(10_000, [7]);
        byte[] back = new byte[10_001];
        Assert.That(file.ReadAt(0, back), Is.EqualTo(10_001));
        Assert.That(back[0], Is.EqualTo(9));
        Assert.That(back[10_000], Is.EqualTo(7));
        Assert.That(back.AsSpan(1, 9_999).ToArray(), Is.All.EqualTo(0));
    }

    [Test]
    public void WriteListReadList_StridedBlocks_RoundTripAndLeaveGapsZero()
    {
        using var cluster = PvfsTestCluster.Start(4);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(16, 0, 0));
        var blocks = new List<FileBlock>();
        for (int i = 0; i < 100; i++)
            blocks.Add(new FileBlock(i * 50, 7));
        blocks.Add(new FileBlock(20_000, 300));
        byte[] data = PvfsTestData.Pattern(100 * 7 + 300, 3);
        file.WriteList(blocks.ToArray(), data);
        byte[] back = new byte[data.Length];
        Assert.That(file.ReadList(blocks.ToArray(), back), Is.EqualTo(data.Length));
        Assert.That(back, Is.EqualTo(data));
        byte[] gap = new byte[43];
        Assert.That(file.ReadAt(7, gap), Is.EqualTo(43));
        Assert.That(gap, Is.All.EqualTo(0));
    }

    [Test]
    public void ReadList_BlocksPastEnd_CountsOnlyBytesBeforeEnd()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(8, 0, 0));
        file.WriteAt(0, PvfsTestData.Pattern(30, 4));
        byte[] back = Enumerable.Repeat((byte)0xFF, 20).ToArray();
        long got = file.ReadList([new FileBlock(0, 5), new FileBlock(28, 10), new FileBlock(100, 5)], back);
        Assert.That(got, Is.EqualTo(7));
        Assert.That(back.AsSpan(7).ToArray(), Is.All.EqualTo(0));
    }

    [Test]
    public void ListIO_MoreBlocksThanOneRound_AndABlockBiggerThanARound_RoundTrip()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(7, 0, 0));
        int many = PvfsNativeFile.MaxBlocksPerRound + 1000;
        var blocks = new FileBlock[many + 1];
        for (int i = 0; i < many; i++)
            blocks[i] = new FileBlock(i * 3L + (i % 5 == 0 ? 1 : 0), 1); // irregular: compresses into many runs
        long bigStart = many * 3L + 10;
        blocks[many] = new FileBlock(bigStart, file.RoundBytes + 123);
        byte[] data = PvfsTestData.Pattern(many + file.RoundBytes + 123, 8);
        file.WriteList(blocks, data);
        byte[] back = new byte[data.Length];
        Assert.That(file.ReadList(blocks, back), Is.EqualTo(data.Length));
        Assert.That(back.AsSpan().SequenceEqual(data), Is.True);
        Assert.That(file.GetSize(), Is.EqualTo(bigStart + file.RoundBytes + 123));
    }

    [Test]
    public void ListIO_BufferLengthMismatch_ThrowsArgAndWritesNothing()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f");
        var e = Assert.Throws<StorageException>(() => file.WriteList([new FileBlock(0, 10)], new byte[5]));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
        Assert.That(file.GetSize(), Is.EqualTo(0));
        Assert.Throws<StorageException>(() => file.ReadList([new FileBlock(-1, 1)], new byte[1]));
    }

    [Test]
    public void WriteAt_LargerThanOneRound_SplitsAndRoundTrips()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(4096, 0, 0));
        byte[] data = PvfsTestData.Pattern(file.RoundBytes * 2 + 12_345, 5);
        file.WriteAt(3, data);
        byte[] back = new byte[data.Length];
        Assert.That(file.ReadAt(3, back), Is.EqualTo(data.Length));
        Assert.That(back.AsSpan().SequenceEqual(data), Is.True);
    }

    [Test]
    public void Partition_WriteThroughPartition_LandsOnStridedBytes()
    {
        using var cluster = PvfsTestCluster.Start(4);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(8, 0, 0));
        file.SetPartition(new PvfsPartition(4, 3, 10));
        byte[] data = PvfsTestData.Pattern(30, 6);
        file.Write(data);
        Assert.That(file.Position, Is.EqualTo(30));
        byte[] whole = new byte[4 + 10 * 10];
        Assert.That(file.ReadAt(0, whole), Is.EqualTo(4 + 9 * 10 + 3));
        for (int i = 0; i < 30; i++)
            Assert.That(whole[4 + i / 3 * 10 + i % 3], Is.EqualTo(data[i]), $"partition byte {i}");
        Assert.That(whole[4 + 3], Is.EqualTo(0));
        file.SetPartition(4, 3, 10);
        byte[] back = new byte[40];
        Assert.That(file.Read(back), Is.EqualTo(30));
        Assert.That(back.AsSpan(0, 30).ToArray(), Is.EqualTo(data));
    }

    [Test]
    public void Partition_AccessOverSeveralRounds_RoundTripsAndShortReadsAtEnd()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(4096, 0, 0));
        file.SetPartition(100, 3000, 5000);
        byte[] data = PvfsTestData.Pattern(file.RoundBytes * 2 + 777, 9);
        file.WritePartitionAt(0, data);
        byte[] back = new byte[data.Length + 5000];
        Assert.That(file.ReadPartitionAt(0, back), Is.EqualTo(data.Length));
        Assert.That(back.AsSpan(0, data.Length).SequenceEqual(data), Is.True);
        long lastByte = file.Partition.FileOffset(data.Length - 1);
        Assert.That(file.GetSize(), Is.EqualTo(lastByte + 1));
    }

    [Test]
    public void SetPartition_GroupLongerThanStride_ThrowsArg()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f");
        var e = Assert.Throws<StorageException>(() => file.SetPartition(new PvfsPartition(0, 20, 10)));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [Test]
    public void SetSize_ShrinkAndGrow_SizeAndContentsFollow()
    {
        using var cluster = PvfsTestCluster.Start(4);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(10, 0, 0));
        file.WriteAt(0, PvfsTestData.Pattern(100, 7));
        file.SetSize(33);
        Assert.That(file.GetSize(), Is.EqualTo(33));
        file.SetSize(70);
        Assert.That(file.GetSize(), Is.EqualTo(70));
        byte[] back = new byte[37];
        Assert.That(file.ReadAt(33, back), Is.EqualTo(37));
        Assert.That(back, Is.All.EqualTo(0));
    }

    [Test]
    public void Namespace_MkdirReadDirStatRemove_Work()
    {
        using var cluster = PvfsTestCluster.Start(2, separateMetadata: true);
        using var client = cluster.Client();
        client.Mkdir("/d");
        client.Mkdir("/d/sub");
        using (PvfsNativeFile f = client.Create("/d/file"))
            f.WriteAt(0, [1, 2, 3]);
        Assert.That(client.ReadDir("/d").Select(e => (e.Name, e.Type)),
            Is.EqualTo(new[] { ("file", PvfsObjectType.File), ("sub", PvfsObjectType.Directory) }));
        Assert.That(client.Stat("/d/file").Size, Is.EqualTo(3));
        Assert.That(client.Stat("/d").Type, Is.EqualTo(PvfsObjectType.Directory));
        var notEmpty = Assert.Throws<StorageException>(() => client.Remove("/d"));
        Assert.That(notEmpty!.ErrorClass, Is.EqualTo(ErrorClass.FileInUse));
        client.Remove("/d/file");
        client.Remove("/d/sub");
        client.Remove("/d");
        Assert.That(client.ReadDir("/"), Is.Empty);
        Assert.That(client.Statfs(1).Objects, Is.EqualTo(0), "data objects are removed with the file");
        Assert.That(client.Ping(0).FileSystemId, Is.EqualTo(42UL));
    }

    [Test]
    public void Mkdir_Existing_FileExists_MissingParent_NoSuchFile()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        client.Mkdir("/d");
        Assert.That(Assert.Throws<StorageException>(() => client.Mkdir("/d"))!.ErrorClass, Is.EqualTo(ErrorClass.FileExists));
        Assert.That(Assert.Throws<StorageException>(() => client.Mkdir("/x/y"))!.ErrorClass, Is.EqualTo(ErrorClass.NoSuchFile));
        Assert.That(Assert.Throws<StorageException>(() => client.Remove("/nothing"))!.ErrorClass, Is.EqualTo(ErrorClass.NoSuchFile));
    }

    [Test]
    public void ReadDir_MoreThanOnePage_ReturnsAllSorted()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        client.Mkdir("/many");
        for (int i = 0; i < 1030; i++)
            client.Mkdir($"/many/d{i:D4}");
        IReadOnlyList<PvfsDirEntry> entries = client.ReadDir("/many");
        Assert.That(entries, Has.Count.EqualTo(1030));
        Assert.That(entries[^1].Name, Is.EqualTo("d1029"));
    }

    [Test]
    public void DriverOpen_CreateExclusiveMissing_RightErrors()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var driver = new PvfsDriver(cluster.Config);
        Assert.That(driver.Prefix, Is.EqualTo("pvfs"));
        var missing = Assert.Throws<StorageException>(() => driver.Open("/none", StorageOpenMode.ReadWrite, NoHints));
        Assert.That(missing!.ErrorClass, Is.EqualTo(ErrorClass.NoSuchFile));
        using (IStorageFile f = driver.Open("/f", StorageOpenMode.ReadWrite | StorageOpenMode.Create | StorageOpenMode.Exclusive, NoHints))
            f.WriteAt(0, [1]);
        var exists = Assert.Throws<StorageException>(() => driver.Open("/f", StorageOpenMode.ReadWrite | StorageOpenMode.Create | StorageOpenMode.Exclusive, NoHints));
        Assert.That(exists!.ErrorClass, Is.EqualTo(ErrorClass.FileExists));
        using (IStorageFile again = driver.Open("/f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints))
            Assert.That(again.GetSize(), Is.EqualTo(1));
        Assert.That(driver.Exists("/f"), Is.True);
        Assert.That(driver.Exists("pvfs:/f"), Is.True);
        var amode = Assert.Throws<StorageException>(() => driver.Open("/f", StorageOpenMode.Create, NoHints));
        Assert.That(amode!.ErrorClass, Is.EqualTo(ErrorClass.Amode));
        driver.Delete("/f");
        Assert.That(driver.Exists("/f"), Is.False);
        Assert.That(Assert.Throws<StorageException>(() => driver.Delete("/f"))!.ErrorClass, Is.EqualTo(ErrorClass.NoSuchFile));
    }

    [Test]
    public void DriverOpen_StripingHints_Honoured()
    {
        using var cluster = PvfsTestCluster.Start(4);
        using var driver = new PvfsDriver(cluster.Config);
        var hints = new Dictionary<string, string> { ["striping_unit"] = "4096", ["striping_factor"] = "3", ["start_iodevice"] = "2" };
        using IStorageFile file = driver.Open("/f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, hints);
        Assert.That(file.Striping, Is.EqualTo(new StripingLayout(4096, 3, 2)));
        Assert.That(((PvfsFile)file).Native.Attributes.Servers, Is.EqualTo(new[] { 2, 3, 0 }));
        Assert.That(file.Features, Is.EqualTo(DriverFeatures.ListIO | DriverFeatures.Striped | DriverFeatures.DurableFlush));
    }

    [Test]
    public void StorageFile_ReadWriteListSizeFlush_Work()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var driver = new PvfsDriver(cluster.Config);
        using IStorageFile file = driver.Open("/f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, new Dictionary<string, string> { ["striping_unit"] = "8" });
        file.WriteList([new FileBlock(0, 4), new FileBlock(20, 4)], [1, 2, 3, 4, 5, 6, 7, 8]);
        file.Flush();
        Assert.That(file.GetSize(), Is.EqualTo(24));
        byte[] buffer = new byte[30];
        Assert.That(file.ReadAt(0, buffer), Is.EqualTo(24));
        Assert.That(buffer[20..24], Is.EqualTo(new byte[] { 5, 6, 7, 8 }));
        file.SetSize(2);
        Assert.That(file.GetSize(), Is.EqualTo(2));
        file.Preallocate(100);
        Assert.That(file.GetSize(), Is.EqualTo(100));
        file.Preallocate(10);
        Assert.That(file.GetSize(), Is.EqualTo(100));
        var locks = Assert.Throws<StorageException>(() => file.Lock(0, 1, true));
        Assert.That(locks!.ErrorClass, Is.EqualTo(ErrorClass.UnsupportedOperation));
    }

    [Test]
    public void StorageFile_ReadOnly_WriteRefusedAndNothingChanges()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var driver = new PvfsDriver(cluster.Config);
        driver.Open("/f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints).Dispose();
        using IStorageFile file = driver.Open("/f", StorageOpenMode.Read, NoHints);
        Assert.That(Assert.Throws<StorageException>(() => file.WriteAt(0, [1]))!.ErrorClass, Is.EqualTo(ErrorClass.Access));
        Assert.That(Assert.Throws<StorageException>(() => file.SetSize(10))!.ErrorClass, Is.EqualTo(ErrorClass.Access));
        Assert.That(file.GetSize(), Is.EqualTo(0));
    }

    [Test]
    public void Create_EscapingName_RejectedWithBadFile()
    {
        using var cluster = PvfsTestCluster.Start(1);
        using var client = cluster.Client();
        foreach (string name in new[] { "/../etc/passwd", "/a/\0b", "relative", "/a/./b" })
            Assert.That(Assert.Throws<StorageException>(() => client.Create(name))!.ErrorClass, Is.EqualTo(ErrorClass.BadFile), name);
        Assert.That(client.ReadDir("/"), Is.Empty);
    }

    [Test]
    public void Create_SameNameFromManyClientsAtOnce_OneFileNoOrphans()
    {
        using var cluster = PvfsTestCluster.Start(2);
        var clients = Enumerable.Range(0, 4).Select(_ => cluster.Client()).ToArray();
        try
        {
            using var start = new Barrier(clients.Length);
            var handles = new ulong[clients.Length];
            var exclusiveWins = new int[1];
            Parallel.For(0, clients.Length, new ParallelOptions { MaxDegreeOfParallelism = clients.Length }, i =>
            {
                start.SignalAndWait();
                using PvfsNativeFile f = clients[i].Create("/shared");
                handles[i] = f.Attributes.Handle;
                try
                {
                    clients[i].Create("/exclusive", exclusive: true).Dispose();
                    Interlocked.Increment(ref exclusiveWins[0]);
                }
                catch (StorageException e) when (e.ErrorClass == ErrorClass.FileExists)
                {
                }
            });
            Assert.That(handles.Distinct().Count(), Is.EqualTo(1), "every opener got the same file");
            Assert.That(exclusiveWins[0], Is.EqualTo(1));
            // Losers removed the data objects they made: each server holds one object per file.
            Assert.That(clients[0].Statfs(0).Objects, Is.EqualTo(3 + 2), "server 0: root and two files in the namespace, two data objects");
            Assert.That(clients[0].Statfs(1).Objects, Is.EqualTo(2));
        }
        finally
        {
            foreach (PvfsClient c in clients)
                c.Dispose();
        }
    }

    [Test]
    public void Client_AfterDispose_ThrowsFile()
    {
        using var cluster = PvfsTestCluster.Start(1);
        var client = cluster.Client();
        Assert.That(client.Ping(0).Index, Is.EqualTo(0));
        client.Dispose();
        Assert.That(Assert.Throws<StorageException>(() => client.Ping(0))!.ErrorClass, Is.EqualTo(ErrorClass.File));
    }

    [Test]
    public void Create_StripeCountAboveServers_ThrowsArg()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        Assert.That(Assert.Throws<StorageException>(() => client.Create("/f", new StripingLayout(10, 3, 0)))!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
        Assert.That(client.Exists("/f"), Is.False);
    }

    [Test]
    public void ConcurrentWriters_DisjointInterleavedStripes_AllBytesLand()
    {
        using var cluster = PvfsTestCluster.Start(2);
        using var client = cluster.Client();
        using PvfsNativeFile file = client.Create("/f", new StripingLayout(100, 0, 0));
        Parallel.For(0, 4, w =>
        {
            byte[] piece = Enumerable.Repeat((byte)(w + 1), 50).ToArray();
            for (int i = 0; i < 20; i++)
                file.WriteAt((i * 4 + w) * 50L, piece);
        });
        byte[] back = new byte[4000];
        Assert.That(file.ReadAt(0, back), Is.EqualTo(4000));
        for (int i = 0; i < 80; i++)
            Assert.That(back[i * 50], Is.EqualTo((byte)(i % 4 + 1)));
    }
}
