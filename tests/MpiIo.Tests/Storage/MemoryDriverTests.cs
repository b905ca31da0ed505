using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Memory;

namespace MpiIo.Tests.Storage;

public sealed class MemoryDriverTests
{
    private static readonly Dictionary<string, string> NoHints = [];

    [Test]
    public void WriteAt_BeyondMaxFileSize_ThrowsNoSpaceAndWritesNothing()
    {
        var driver = new MemoryDriver(maxFileSize: 100);
        using IStorageFile file = driver.Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        file.WriteAt(0, new byte[100]);
        Assert.That(Assert.Throws<StorageException>(() => file.WriteAt(99, new byte[2]))!.ErrorClass, Is.EqualTo(ErrorClass.NoSpace));
        Assert.That(file.GetSize(), Is.EqualTo(100));
    }

    [Test]
    public void WriteList_OnePieceBeyondLimit_WritesNothing()
    {
        var driver = new MemoryDriver(maxFileSize: 100);
        using IStorageFile file = driver.Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        Assert.Throws<StorageException>(() => file.WriteList([new(0, 1), new(100, 1)], new byte[] { 7, 7 }));
        Assert.That(file.GetSize(), Is.Zero);
    }

    [Test]
    public void Preallocate_BeyondLimit_ThrowsNoSpace()
    {
        var driver = new MemoryDriver(maxFileSize: 10);
        using IStorageFile file = driver.Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        Assert.That(Assert.Throws<StorageException>(() => file.Preallocate(11))!.ErrorClass, Is.EqualTo(ErrorClass.NoSpace));
    }

    [Test]
    public void Delete_WhileOpen_HandleKeepsData()
    {
        var driver = new MemoryDriver();
        using IStorageFile file = driver.Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        file.WriteAt(0, [4, 2]);
        driver.Delete("f");
        var buffer = new byte[2];
        Assert.Multiple(() =>
        {
            Assert.That(driver.Exists("f"), Is.False);
            Assert.That(file.ReadAt(0, buffer), Is.EqualTo(2));
            Assert.That(buffer, Is.EqualTo(new byte[] { 4, 2 }));
        });
    }

    [Test]
    public void Open_EmptyName_ThrowsBadFile()
        => Assert.That(Assert.Throws<StorageException>(() => new MemoryDriver().Open("", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints))!.ErrorClass,
            Is.EqualTo(ErrorClass.BadFile));

    [Test]
    public void Constructor_NegativeLimit_ThrowsArgumentOutOfRange()
        => Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MemoryDriver(-1));

    [Test]
    public void WriteAt_FarOffset_StaysSparse()
    {
        var driver = new MemoryDriver();
        using IStorageFile file = driver.Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        file.WriteAt(1L << 40, [1]);
        var buffer = new byte[2];
        Assert.Multiple(() =>
        {
            Assert.That(file.GetSize(), Is.EqualTo((1L << 40) + 1));
            Assert.That(file.ReadAt((1L << 40) - 1, buffer), Is.EqualTo(2));
            Assert.That(buffer, Is.EqualTo(new byte[] { 0, 1 }));
        });
    }
}
