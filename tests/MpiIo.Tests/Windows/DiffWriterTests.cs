using MpiIo.Storage;
using MpiIo.Storage.Memory;
using MpiIo.Windows;

namespace MpiIo.Tests.Windows;

[TestFixture]
public class DiffWriterTests
{
    private static IStorageFile NewFile(int size)
    {
        var file = new MemoryDriver().Open("/diff", StorageOpenMode.ReadWrite | StorageOpenMode.Create, new Dictionary<string, string>());
        file.WriteAt(0, new byte[size]);
        return file;
    }

    [Test]
    public void Add_TouchingRuns_JoinIntoOneBlock()
    {
        using var file = NewFile(100);
        var w = new DiffWriter(4096);
        w.Add(file, 10, [1, 2]);
        w.Add(file, 12, [3]);
        w.Add(file, 20, [4]);
        w.Flush(file);
        Assert.That(w.BlocksWritten, Is.EqualTo(2));
        Assert.That(w.BytesWritten, Is.EqualTo(4));
        var back = new byte[25];
        file.ReadAt(0, back);
        Assert.That(back[10..13], Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(back[20], Is.EqualTo(4));
        Assert.That(back[13], Is.Zero, "bytes between runs are not written");
    }

    [Test]
    public void Add_MoreThanTheStagingBuffer_FlushesAndWritesLargeRunsDirectly()
    {
        using var file = NewFile(20_000);
        var w = new DiffWriter(4096);
        w.Add(file, 0, Enumerable.Repeat((byte)1, 3000).ToArray());
        w.Add(file, 5000, Enumerable.Repeat((byte)2, 3000).ToArray()); // does not fit: the first is written
        Assert.That(w.BytesWritten, Is.EqualTo(3000));
        w.Add(file, 9000, Enumerable.Repeat((byte)3, 5000).ToArray()); // larger than the buffer: straight through
        w.Flush(file);
        Assert.That(w.BytesWritten, Is.EqualTo(11_000));
        var back = new byte[20_000];
        file.ReadAt(0, back);
        Assert.That(back[2999], Is.EqualTo(1));
        Assert.That(back[7999], Is.EqualTo(2));
        Assert.That(back[13_999], Is.EqualTo(3));
        Assert.That(back[14_000], Is.Zero);
    }

    [Test]
    public void Discard_AfterAdd_WritesNothing()
    {
        using var file = NewFile(10);
        var w = new DiffWriter(4096);
        w.Add(file, 0, [9]);
        w.Discard();
        w.Flush(file);
        var back = new byte[1];
        file.ReadAt(0, back);
        Assert.That(back[0], Is.Zero);
        Assert.That(w.BytesWritten, Is.Zero);
    }

    [Test]
    public void Flush_DriverFails_QueueIsEmptiedAndErrorRaised()
    {
        var file = NewFile(10);
        var w = new DiffWriter(4096);
        w.Add(file, 0, [9]);
        file.Dispose();
        Assert.That(() => w.Flush(file), Throws.InstanceOf<Exception>());
        Assert.That(w.BytesWritten, Is.Zero);
    }

    [Test]
    public void Flush_SieveGap_MergesCloseRunsKeepingTheFileBytesBetween()
    {
        using var file = NewFile(100);
        file.WriteAt(0, Enumerable.Range(0, 100).Select(i => (byte)i).ToArray());
        var w = new DiffWriter(4096, sieveGap: 8);
        w.Add(file, 10, [200]);
        w.Add(file, 15, [201]);   // gap 4: merged
        w.Add(file, 40, [202]);   // gap 24: a block of its own
        w.Flush(file);
        Assert.That(w.BlocksWritten, Is.EqualTo(2));
        Assert.That(w.BytesWritten, Is.EqualTo(6 + 1), "the merged extent 10..15 and the single byte");
        var back = new byte[100];
        file.ReadAt(0, back);
        var expected = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        expected[10] = 200;
        expected[15] = 201;
        expected[40] = 202;
        Assert.That(back, Is.EqualTo(expected));
    }

    [Test]
    public void Flush_SieveGapOnDriverWithoutLocks_FailsAndWritesNothing()
    {
        using var inner = NewFile(20);
        using var file = new MpiIo.Tests.Storage.TestDoubles.FeatureMaskFile(inner, DriverFeatures.None);
        var w = new DiffWriter(4096, sieveGap: 8);
        w.Add(file, 1, [5]);
        w.Add(file, 3, [6]);
        Assert.That(() => w.Flush(file), Throws.InstanceOf<StorageException>());
        var back = new byte[5];
        inner.ReadAt(0, back);
        Assert.That(back, Is.All.Zero);
    }
}
