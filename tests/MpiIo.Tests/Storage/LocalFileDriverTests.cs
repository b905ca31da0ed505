using MpiIo.Tests.Infrastructure;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Local;

namespace MpiIo.Tests.Storage;

public sealed class LocalFileDriverTests
{
    private static readonly Dictionary<string, string> NoHints = [];

    private static ErrorClass OpenError(string path, StorageOpenMode mode)
        => Assert.Throws<StorageException>(() => new LocalFileDriver().Open(path, mode, NoHints))!.ErrorClass;

    [Test]
    public void Open_Directory_ThrowsBadFile()
    {
        using var dir = new TestDirectory();
        Assert.Multiple(() =>
        {
            Assert.That(OpenError(dir.Path, StorageOpenMode.Read), Is.EqualTo(ErrorClass.BadFile));
            Assert.That(OpenError(dir.Path, StorageOpenMode.ReadWrite), Is.EqualTo(ErrorClass.BadFile));
        });
    }

    [Test]
    public void Open_PathThroughRegularFile_ThrowsBadFile()
    {
        using var dir = new TestDirectory();
        File.WriteAllBytes(dir.File("plain"), [1]);
        Assert.That(OpenError(Path.Combine(dir.File("plain"), "child"), StorageOpenMode.ReadWrite | StorageOpenMode.Create), Is.EqualTo(ErrorClass.BadFile));
    }

    [Test]
    public void Open_NameTooLong_ThrowsBadFile()
    {
        using var dir = new TestDirectory();
        Assert.That(OpenError(dir.File(new string('n', 300)), StorageOpenMode.ReadWrite | StorageOpenMode.Create), Is.EqualTo(ErrorClass.BadFile));
    }

    [Test]
    public void Open_MissingDirectory_ThrowsNoSuchFile()
    {
        using var dir = new TestDirectory();
        Assert.That(OpenError(dir.File("no/such/dir"), StorageOpenMode.ReadWrite | StorageOpenMode.Create), Is.EqualTo(ErrorClass.NoSuchFile));
    }

    [Test]
    public void Open_EmptyPath_ThrowsBadFile()
        => Assert.That(OpenError("", StorageOpenMode.Read), Is.EqualTo(ErrorClass.BadFile));

    [Test]
    public void Lock_AfterDispose_ThrowsFile()
    {
        using var dir = new TestDirectory();
        IStorageFile file = new LocalFileDriver().Open(dir.File("f"), StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        file.Dispose();
        Assert.That(Assert.Throws<StorageException>(() => file.Lock(0, 1, exclusive: true))!.ErrorClass, Is.EqualTo(ErrorClass.File));
    }

    [Test]
    public void Features_NoListIoNoStriping()
    {
        using var dir = new TestDirectory();
        using IStorageFile file = new LocalFileDriver().Open(dir.File("f"), StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        Assert.Multiple(() =>
        {
            Assert.That(file.Features, Is.EqualTo(LocalFileDriver.LocalFeatures));
            Assert.That(file.Features.HasFlag(DriverFeatures.ListIO), Is.False);
            Assert.That(file.Striping, Is.Null);
        });
    }

    [Test]
    public void ExtendWithZeros_FallbackPreallocation_ExtendsWithoutTouchingData()
    {
        using var dir = new TestDirectory();
        using var file = (LocalFile)new LocalFileDriver().Open(dir.File("f"), StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        file.WriteAt(0, [5, 6, 7]);
        file.ExtendWithZeros(10_000);
        file.ExtendWithZeros(2);
        var all = new byte[file.GetSize()];
        file.ReadAt(0, all);
        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Length.EqualTo(10_000));
            Assert.That(all.AsSpan(0, 3).ToArray(), Is.EqualTo(new byte[] { 5, 6, 7 }));
            Assert.That(all.AsSpan(3).ContainsAnyExcept((byte)0), Is.False);
        });
    }

    [TestCase("flush")]
    [TestCase("setsize")]
    [TestCase("preallocate")]
    public void MetadataCall_AfterDispose_ThrowsFile(string call)
    {
        using var dir = new TestDirectory();
        IStorageFile file = new LocalFileDriver().Open(dir.File("f"), StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        file.Dispose();
        TestDelegate action = call switch
        {
            "flush" => file.Flush,
            "setsize" => () => file.SetSize(1),
            _ => () => file.Preallocate(1),
        };
        Assert.That(Assert.Throws<StorageException>(action)!.ErrorClass, Is.EqualTo(ErrorClass.File));
    }

    [Test]
    public void WriteAt_LargeWritePastEnd_SizeIsWriteEndAndGapReadsZero()
    {
        // Large writes reserve their blocks with fallocate(KEEP_SIZE) first; the file's size must still be
        // exactly where the data ends, and the hole before it must read as zeros.
        using var dir = new TestDirectory();
        using IStorageFile file = new LocalFileDriver().Open(dir.File("f"), StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        var data = new byte[LocalFile.ReserveThreshold + 3];
        new Random(7).NextBytes(data);
        file.WriteAt(5_000_000, data);
        var back = new byte[data.Length];
        var gap = new byte[5_000_000];
        Assert.Multiple(() =>
        {
            Assert.That(file.GetSize(), Is.EqualTo(5_000_000 + data.Length));
            Assert.That(file.ReadAt(5_000_000, back), Is.EqualTo(data.Length));
            Assert.That(back, Is.EqualTo(data));
            Assert.That(file.ReadAt(0, gap), Is.EqualTo(gap.Length));
            Assert.That(gap.AsSpan().ContainsAnyExcept((byte)0), Is.False);
        });
    }

    [Test]
    public void WriteAt_LargeWriteOnReadOnlyFile_ThrowsAndFileUnchanged()
    {
        using var dir = new TestDirectory();
        string path = dir.File("f");
        File.WriteAllBytes(path, [1, 2, 3]);
        using IStorageFile file = new LocalFileDriver().Open(path, StorageOpenMode.Read, NoHints);
        var data = new byte[LocalFile.ReserveThreshold];
        Assert.Throws<StorageException>(() => file.WriteAt(0, data));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }
}
