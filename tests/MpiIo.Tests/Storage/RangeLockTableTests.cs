using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Tests.Storage;

public sealed class RangeLockTableTests
{
    [Test]
    public void TryAcquire_OverlappingShared_Granted()
    {
        var table = new RangeLockTable();
        Assert.Multiple(() =>
        {
            Assert.That(table.TryAcquire(0, 10, exclusive: false), Is.True);
            Assert.That(table.TryAcquire(5, 10, exclusive: false), Is.True);
            Assert.That(table.HeldCount, Is.EqualTo(2));
        });
    }

    [Test]
    public void TryAcquire_ExclusiveOverShared_Refused()
    {
        var table = new RangeLockTable();
        table.Acquire(0, 10, exclusive: false);
        Assert.Multiple(() =>
        {
            Assert.That(table.TryAcquire(9, 1, exclusive: true), Is.False);
            Assert.That(table.TryAcquire(10, 1, exclusive: true), Is.True);
        });
    }

    [Test]
    public void TryAcquire_SharedOverExclusive_Refused()
    {
        var table = new RangeLockTable();
        table.Acquire(5, 5, exclusive: true);
        Assert.Multiple(() =>
        {
            Assert.That(table.TryAcquire(0, 6, exclusive: false), Is.False);
            Assert.That(table.TryAcquire(0, 5, exclusive: false), Is.True);
        });
    }

    [Test]
    public void TryAcquire_ZeroLengthHeld_ConflictsFarAway()
    {
        var table = new RangeLockTable();
        table.Acquire(100, 0, exclusive: true);
        Assert.Multiple(() =>
        {
            Assert.That(table.TryAcquire(long.MaxValue - 10, 5, exclusive: false), Is.False);
            Assert.That(table.TryAcquire(0, 100, exclusive: true), Is.True);
        });
    }

    [Test]
    public void Release_WakesWaiter()
    {
        var table = new RangeLockTable();
        table.Acquire(0, 10, exclusive: true);
        int marker = 0, seen = -1;
        var waiter = new Thread(() =>
        {
            table.Acquire(0, 10, exclusive: true);
            seen = Volatile.Read(ref marker);
        });
        waiter.Start();
        Thread.Sleep(100);
        Volatile.Write(ref marker, 1);
        table.Release(0, 10);
        Assert.That(waiter.Join(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(seen, Is.EqualTo(1));
    }

    [Test]
    public void Release_RangeNotHeld_ReturnsFalse()
    {
        var table = new RangeLockTable();
        table.Acquire(0, 10, exclusive: false);
        Assert.Multiple(() =>
        {
            Assert.That(table.Release(0, 9), Is.False);
            Assert.That(table.Release(0, 10), Is.True);
            Assert.That(table.Release(0, 10), Is.False);
            Assert.That(table.HeldCount, Is.Zero);
        });
    }

    [Test]
    public void Acquire_NegativeOffset_ThrowsArg()
    {
        var e = Assert.Throws<StorageException>(() => new RangeLockTable().Acquire(-1, 1, exclusive: true));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }

    [Test]
    public void Release_WithSink_ReportsOnlyUncoveredParts()
    {
        var table = new RangeLockTable();
        table.Acquire(0, 100, exclusive: false);
        table.Acquire(20, 10, exclusive: false);
        table.Acquire(50, 0, exclusive: false);
        var sink = new RecordingSink();
        Assert.That(table.Release(0, 100, sink), Is.True);
        Assert.That(sink.Ranges, Is.EqualTo(new[] { (0L, 20L), (30L, 50L) }));
    }

    private sealed class RecordingSink : IUncoveredRangeSink
    {
        public List<(long, long)> Ranges { get; } = [];

        public void ReleaseUncovered(long start, long end) => Ranges.Add((start, end));
    }
}
