using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Faults;
using MpiIo.Storage.Memory;

namespace MpiIo.Tests.Storage;

public sealed class FaultInjectingTests
{
    private static readonly Dictionary<string, string> NoHints = [];

    private static IStorageFile OpenFile(FaultInjectingDriver driver)
        => driver.Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);

    [Test]
    public void WriteAt_NthWriteFailsWithPartialBytes_WritesPrefixThenThrows()
    {
        var driver = new FaultInjectingDriver(new MemoryDriver());
        driver.Plan.FailWrite(2, ErrorClass.NoSpace, bytesWritten: 3);
        using IStorageFile file = OpenFile(driver);
        file.WriteAt(0, [1, 1]);
        var e = Assert.Throws<StorageException>(() => file.WriteAt(2, [2, 2, 2, 2, 2]));
        var all = new byte[10];
        int size = file.ReadAt(0, all);
        Assert.Multiple(() =>
        {
            Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.NoSpace));
            Assert.That(all.AsSpan(0, size).ToArray(), Is.EqualTo(new byte[] { 1, 1, 2, 2, 2 }));
        });
        file.WriteAt(0, [3]);
        Assert.That(driver.Plan.Writes, Is.EqualTo(3), "a fault fires once");
    }

    [Test]
    public void WriteAt_FailWithoutPartialBytes_WritesNothing()
    {
        var driver = new FaultInjectingDriver(new MemoryDriver());
        driver.Plan.FailWrite(1, ErrorClass.Quota);
        using IStorageFile file = OpenFile(driver);
        Assert.That(Assert.Throws<StorageException>(() => file.WriteAt(0, [1]))!.ErrorClass, Is.EqualTo(ErrorClass.Quota));
        Assert.That(file.GetSize(), Is.Zero);
    }

    [Test]
    public void ReadAt_NthReadFails_ThrowsGivenClass()
    {
        var driver = new FaultInjectingDriver(new MemoryDriver());
        using IStorageFile file = OpenFile(driver);
        file.WriteAt(0, [1]);
        driver.Plan.FailRead(2, ErrorClass.IO);
        Assert.That(file.ReadAt(0, new byte[1]), Is.EqualTo(1));
        Assert.That(Assert.Throws<StorageException>(() => file.ReadAt(0, new byte[1]))!.ErrorClass, Is.EqualTo(ErrorClass.IO));
    }

    [Test]
    public void ReadList_PieceFails_ThrowsFromThatPiece()
    {
        var driver = new FaultInjectingDriver(new MemoryDriver());
        using IStorageFile file = OpenFile(driver);
        file.WriteAt(0, new byte[100]);
        driver.Plan.FailRead(3, ErrorClass.IO);
        Assert.Throws<StorageException>(() => file.ReadList([new(0, 1), new(10, 1), new(20, 1)], new byte[3]));
        Assert.That(driver.Plan.Reads, Is.EqualTo(3));
    }

    [Test]
    public void Flush_NthFlushFails_ThrowsGivenClass()
    {
        var driver = new FaultInjectingDriver(new MemoryDriver());
        driver.Plan.FailFlush(1, ErrorClass.IO);
        using IStorageFile file = OpenFile(driver);
        Assert.That(Assert.Throws<StorageException>(file.Flush)!.ErrorClass, Is.EqualTo(ErrorClass.IO));
        file.Flush();
        Assert.That(driver.Plan.Flushes, Is.EqualTo(2));
    }

    [Test]
    public void FailRead_ZeroNth_ThrowsArgumentOutOfRange()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan().FailRead(0, ErrorClass.IO));

    [Test]
    public void WriteAt_InsideAndOutsideExclusiveLock_CountsUnlockedWrites()
    {
        var driver = new FaultInjectingDriver(new MemoryDriver());
        using IStorageFile file = OpenFile(driver);
        using (file.Lock(0, 100, exclusive: true))
            file.WriteAt(10, [1, 2]);
        using (file.Lock(0, 100, exclusive: false))
            file.WriteAt(10, [1, 2]);
        file.WriteAt(0, [1]);
        Assert.Multiple(() =>
        {
            Assert.That(driver.Plan.Locks, Is.EqualTo(2));
            Assert.That(driver.Plan.ExclusiveLocks, Is.EqualTo(1));
            Assert.That(driver.Plan.UnlockedWrites, Is.EqualTo(2));
        });
    }

    [Test]
    public void Features_HideNativeListIo()
    {
        var driver = new FaultInjectingDriver(new MemoryDriver());
        using IStorageFile file = OpenFile(driver);
        Assert.Multiple(() =>
        {
            Assert.That(driver.Features & DriverFeatures.ListIO, Is.EqualTo(DriverFeatures.None));
            Assert.That(file.Features & DriverFeatures.ListIO, Is.EqualTo(DriverFeatures.None));
            Assert.That(driver.Prefix, Is.EqualTo("fault-mem"));
        });
    }
}
