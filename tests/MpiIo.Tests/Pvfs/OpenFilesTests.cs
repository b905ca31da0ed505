using Microsoft.Win32.SafeHandles;
using MpiIo.Server;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Pvfs;

/// <summary>The I/O server's cache of open data-object descriptors.</summary>
[TestFixture]
public class OpenFilesTests
{
    private static SafeFileHandle OpenNew(TestDirectory dir, string name)
        => File.OpenHandle(dir.File(name), System.IO.FileMode.CreateNew, FileAccess.ReadWrite);

    [Test]
    public void AddBeyondCapacity_EvictsLeastRecentlyUsedAndClosesIt()
    {
        using var dir = new TestDirectory();
        using var cache = new OpenFiles(2);
        SafeFileHandle a = OpenNew(dir, "a"), b = OpenNew(dir, "b"), c = OpenNew(dir, "c");
        cache.Add(1, a);
        cache.Add(2, b);
        Assert.That(cache.TryLease(1, out OpenFiles.Lease lease), Is.True); // 1 is now the most recent
        lease.Dispose();
        cache.Add(3, c);
        Assert.That(cache.Count, Is.EqualTo(2));
        Assert.That(b.IsClosed, Is.True);
        Assert.That(a.IsClosed, Is.False);
        Assert.That(cache.TryLease(2, out _), Is.False);
    }

    [Test]
    public void Forget_WhileLeased_DescriptorStaysUsableUntilLeaseEnds()
    {
        using var dir = new TestDirectory();
        using var cache = new OpenFiles(4);
        SafeFileHandle file = OpenNew(dir, "a");
        OpenFiles.Lease lease = cache.AddAndLease(7, file);
        cache.Forget(7);
        Assert.That(cache.TryLease(7, out _), Is.False);
        RandomAccess.Write(lease.File, new byte[] { 1, 2, 3 }, 0);
        Assert.That(RandomAccess.GetLength(lease.File), Is.EqualTo(3));
        lease.Dispose();
        Assert.That(file.IsClosed, Is.True);
    }

    [Test]
    public void AddAndLease_SecondOpenOfSameObject_KeepsFirstClosesSecond()
    {
        using var dir = new TestDirectory();
        using var cache = new OpenFiles(4);
        SafeFileHandle first = OpenNew(dir, "a");
        SafeFileHandle second = File.OpenHandle(dir.File("a"), System.IO.FileMode.Open, FileAccess.ReadWrite);
        cache.AddAndLease(5, first).Dispose();
        using OpenFiles.Lease lease = cache.AddAndLease(5, second);
        Assert.That(lease.File, Is.SameAs(first));
        Assert.That(second.IsClosed, Is.True);
    }

    [Test]
    public void Dispose_ClosesEveryDescriptorAndRefusesNewOnes()
    {
        using var dir = new TestDirectory();
        var cache = new OpenFiles(4);
        SafeFileHandle a = OpenNew(dir, "a");
        cache.Add(1, a);
        cache.Dispose();
        Assert.That(a.IsClosed, Is.True);
        SafeFileHandle b = OpenNew(dir, "b");
        Assert.Throws<ObjectDisposedException>(() => cache.AddAndLease(2, b));
        Assert.That(b.IsClosed, Is.True);
    }

    [Test]
    public void Constructor_ZeroCapacity_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => _ = new OpenFiles(0));
}
