using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Faults;
using MpiIo.Storage.Memory;

namespace MpiIo.Tests.Storage;

public sealed class StorageFileExtensionsTests
{
    private static readonly Dictionary<string, string> NoHints = [];

    private static FaultInjectingFile CountingFile(out FaultPlan plan)
    {
        plan = new FaultPlan();
        return new FaultInjectingFile(new MemoryDriver().Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints), plan);
    }

    [Test]
    public void ReadListByBlocks_AdjacentBlocks_OneReadPerRun()
    {
        using FaultInjectingFile file = CountingFile(out FaultPlan plan);
        file.WriteAt(0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var buffer = new byte[7];
        long read = file.ReadListByBlocks([new(0, 2), new(2, 2), new(6, 1), new(7, 2)], buffer);
        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(7));
            Assert.That(buffer, Is.EqualTo(new byte[] { 0, 1, 2, 3, 6, 7, 8 }));
            Assert.That(plan.Reads, Is.EqualTo(2));
        });
    }

    [Test]
    public void ReadListByBlocks_PastEndOfFile_ZeroFillsAndCountsBytesBeforeEnd()
    {
        using FaultInjectingFile file = CountingFile(out _);
        file.WriteAt(0, [1, 2, 3]);
        var buffer = new byte[6];
        buffer.AsSpan().Fill(0xFF);
        long read = file.ReadListByBlocks([new(1, 4), new(50, 2)], buffer);
        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(2));
            Assert.That(buffer, Is.EqualTo(new byte[] { 2, 3, 0, 0, 0, 0 }));
        });
    }

    [Test]
    public void WriteListByBlocks_AdjacentBlocks_OneWritePerRun()
    {
        using FaultInjectingFile file = CountingFile(out FaultPlan plan);
        file.WriteListByBlocks([new(4, 1), new(5, 1), new(0, 0), new(8, 2)], new byte[] { 1, 2, 3, 4 });
        var all = new byte[10];
        file.ReadAt(0, all);
        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EqualTo(new byte[] { 0, 0, 0, 0, 1, 2, 0, 0, 3, 4 }));
            Assert.That(plan.Writes, Is.EqualTo(2));
        });
    }

    [Test]
    public void WriteListByBlocks_DataLongerThanBlocks_ThrowsArgAndWritesNothing()
    {
        using FaultInjectingFile file = CountingFile(out FaultPlan plan);
        var e = Assert.Throws<StorageException>(() => file.WriteListByBlocks([new(0, 1)], new byte[2]));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
            Assert.That(e.Message, Does.Contain("data"));
            Assert.That(plan.Writes, Is.Zero);
        });
    }

    [Test]
    public void ReadListByBlocks_OverflowingBlock_ThrowsArg()
    {
        using FaultInjectingFile file = CountingFile(out _);
        var e = Assert.Throws<StorageException>(() => file.ReadListByBlocks([new(long.MaxValue - 1, 4)], new byte[4]));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [Test]
    public void ReadFully_PastEnd_ClearsRestAndReturnsBytesBeforeEnd()
    {
        using FaultInjectingFile file = CountingFile(out _);
        file.WriteAt(0, [5, 6]);
        byte[] buffer = [9, 9, 9, 9];
        Assert.Multiple(() =>
        {
            Assert.That(file.ReadFully(1, buffer), Is.EqualTo(1));
            Assert.That(buffer, Is.EqualTo(new byte[] { 6, 0, 0, 0 }));
        });
    }
}
