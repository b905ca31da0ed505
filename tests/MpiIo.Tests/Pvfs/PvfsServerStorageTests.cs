using MpiIo.Mpi;
using MpiIo.Server;
using MpiIo.Storage;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Pvfs;

[TestFixture]
public class PvfsServerStorageTests
{
    [Test]
    public void DirectorySyncFlush_ExistingDirectory_Succeeds_Missing_ThrowsIO()
    {
        using var directory = new TestDirectory();
        string dir = directory.Path;
        Assert.DoesNotThrow(() => DirectorySync.Flush(dir));
        if (OperatingSystem.IsLinux())
            Assert.Throws<IOException>(() => DirectorySync.Flush(Path.Combine(dir, "missing")));
    }

    [Test]
    public void DataStore_Restart_NeverReusesAHandleOnDisk()
    {
        using var directory = new TestDirectory();
        string dir = directory.Path;
        var first = new DataStore(dir, syncData: false, syncMeta: true);
        ulong a = first.Create(), b = first.Create();
        var second = new DataStore(dir, syncData: false, syncMeta: true);
        ulong c = second.Create();
        Assert.That(c, Is.GreaterThan(Math.Max(a, b)));
        second.Remove(a);
        var e = Assert.Throws<StorageException>(() => second.Remove(a));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.NoSuchFile));
        Assert.That(Directory.GetFiles(Path.Combine(dir, "data")).Select(Path.GetFileName),
            Is.All.Matches<string>(n => n.Length == 16 && n.All(Uri.IsHexDigit)), "objects are named by handle only");
    }

    [Test]
    public void MetadataStore_CreateUnderFile_NoSuchFile_AndRootCannotGo()
    {
        using var directory = new TestDirectory();
        string dir = directory.Path;
        using var meta = new MetadataStore(dir, syncMeta: false);
        meta.Create("/f", 0x1A4, new StripingLayout(10, 1, 0), [0], [5]);
        Assert.That(Assert.Throws<StorageException>(() => meta.Create("/f/g", 0x1A4, new StripingLayout(10, 1, 0), [0], [6]))!.ErrorClass,
            Is.EqualTo(ErrorClass.NoSuchFile));
        Assert.That(Assert.Throws<StorageException>(() => meta.Remove("/"))!.ErrorClass, Is.EqualTo(ErrorClass.Access));
        Assert.That(Assert.Throws<StorageException>(() => meta.Mkdir("/", 0))!.ErrorClass, Is.EqualTo(ErrorClass.FileExists));
        Assert.That(Assert.Throws<StorageException>(() => meta.ReadDir("/f", "", 10))!.ErrorClass, Is.EqualTo(ErrorClass.BadFile));
        PvfsAttributesAssert(meta.SetAttr("/f", 0x180, 1234));

        static void PvfsAttributesAssert(MpiIo.Storage.Pvfs.PvfsAttributes a)
        {
            Assert.That(a.Mode, Is.EqualTo(0x180));
            Assert.That(a.ModifyTime, Is.EqualTo(1234));
            Assert.That(a.DataHandles, Is.EqualTo(new ulong[] { 5 }));
        }
    }
}
