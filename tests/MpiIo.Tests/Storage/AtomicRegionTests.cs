using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Faults;
using MpiIo.Storage.Memory;

namespace MpiIo.Tests.Storage;

public sealed class AtomicRegionTests
{
    private static readonly Dictionary<string, string> NoHints = [];

    private static IStorageFile Counting(out FaultPlan plan)
    {
        var driver = new FaultInjectingDriver(new MemoryDriver());
        plan = driver.Plan;
        return driver.Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
    }

    [Test]
    public void Enter_AtomicOff_TakesNoLock()
    {
        using IStorageFile file = Counting(out FaultPlan plan);
        using (AtomicRegion region = AtomicRegion.Enter(file, atomic: false, 0, 100, write: true))
            Assert.That(region.IsLocked, Is.False);
        Assert.That(plan.Locks, Is.Zero);
    }

    [Test]
    public void Enter_AtomicWrite_LocksRangeExclusively()
    {
        using IStorageFile file = Counting(out FaultPlan plan);
        using (AtomicRegion region = AtomicRegion.Enter(file, atomic: true, 10, 100, write: true))
        {
            file.WriteAt(10, new byte[100]);
            Assert.That(region.IsLocked, Is.True);
        }
        Assert.Multiple(() =>
        {
            Assert.That(plan.ExclusiveLocks, Is.EqualTo(1));
            Assert.That(plan.UnlockedWrites, Is.Zero);
        });
    }

    [Test]
    public void Enter_AtomicRead_LocksShared()
    {
        using IStorageFile file = Counting(out FaultPlan plan);
        using (AtomicRegion.Enter(file, atomic: true, 0, 10, write: false))
        {
            // A second shared region over the same bytes must be granted at once.
            using AtomicRegion again = AtomicRegion.Enter(file, atomic: true, 5, 10, write: false);
        }
        Assert.Multiple(() =>
        {
            Assert.That(plan.Locks, Is.EqualTo(2));
            Assert.That(plan.ExclusiveLocks, Is.Zero);
        });
    }

    [Test]
    public void Enter_EmptyAccess_TakesNoLock()
    {
        using IStorageFile file = Counting(out FaultPlan plan);
        using (AtomicRegion.Enter(file, atomic: true, 10, 0, write: true))
        {
        }
        Assert.That(plan.Locks, Is.Zero);
    }

    [Test]
    public void Enter_AfterDispose_RangeIsFree()
    {
        using IStorageFile file = Counting(out _);
        AtomicRegion.Enter(file, atomic: true, 0, 10, write: true).Dispose();
        using AtomicRegion again = AtomicRegion.Enter(file, atomic: true, 0, 10, write: true);
        Assert.That(again.IsLocked, Is.True);
    }

    [Test]
    public void Enter_DriverWithoutLocksOrAtomicMode_ThrowsUnsupportedOperation()
    {
        using var file = new TestDoubles.FeatureMaskFile(new MemoryDriver().Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints), DriverFeatures.None);
        var e = Assert.Throws<StorageException>(() => AtomicRegion.Enter(file, atomic: true, 0, 1, write: true));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.UnsupportedOperation));
    }

    [Test]
    public void Enter_NativeAtomicMode_TakesNoLock()
    {
        using var file = new TestDoubles.FeatureMaskFile(new MemoryDriver().Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints), DriverFeatures.AtomicMode);
        using AtomicRegion region = AtomicRegion.Enter(file, atomic: true, 0, 1, write: true);
        Assert.Multiple(() =>
        {
            Assert.That(region.IsLocked, Is.False);
            Assert.That(file.LockCalls, Is.Zero);
        });
    }

    [Test]
    public void Enter_NegativeOffset_ThrowsArg()
    {
        using IStorageFile file = Counting(out _);
        Assert.That(Assert.Throws<StorageException>(() => AtomicRegion.Enter(file, atomic: true, -1, 1, write: true))!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
    }
}
