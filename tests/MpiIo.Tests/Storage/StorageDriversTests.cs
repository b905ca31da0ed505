using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Local;
using MpiIo.Storage.Memory;

namespace MpiIo.Tests.Storage;

public sealed class StorageDriversTests
{
    [TestCase("/tmp/data.bin", "/tmp/data.bin")]
    [TestCase("ufs:/tmp/data.bin", "/tmp/data.bin")]
    [TestCase("UFS:/tmp/data.bin", "/tmp/data.bin")]
    [TestCase(@"C:\data\file", @"C:\data\file")]
    [TestCase("/tmp/odd:name", "/tmp/odd:name")]
    [TestCase("relative/odd:name", "relative/odd:name")]
    [TestCase("9p:file", "9p:file")]
    public void Resolve_LocalNames_LocalDriver(string filename, string path)
    {
        (IStorageDriver driver, string resolved) = StorageDrivers.Resolve(filename);
        Assert.Multiple(() =>
        {
            Assert.That(driver, Is.InstanceOf<LocalFileDriver>());
            Assert.That(resolved, Is.EqualTo(path));
        });
    }

    [Test]
    public void Resolve_MemPrefix_MemoryDriverAndStrippedPath()
    {
        (IStorageDriver driver, string path) = StorageDrivers.Resolve("mem:scratch/a");
        Assert.Multiple(() =>
        {
            Assert.That(driver, Is.InstanceOf<MemoryDriver>());
            Assert.That(path, Is.EqualTo("scratch/a"));
        });
    }

    [Test]
    public void Resolve_UnknownPrefix_ThrowsBadFile()
    {
        var e = Assert.Throws<StorageException>(() => StorageDrivers.Resolve("nosuchfs:/x"));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.BadFile));
            Assert.That(e.Message, Does.Contain("nosuchfs"));
        });
    }

    [Test]
    public void Register_NewPrefix_ResolvesUntilUnregistered()
    {
        var driver = new PrefixedDriver("testfs-register");
        StorageDrivers.Register(driver);
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(StorageDrivers.Resolve("testfs-register:a/b"), Is.EqualTo(((IStorageDriver)driver, "a/b")));
                Assert.That(StorageDrivers.TryGet("TESTFS-REGISTER", out IStorageDriver found), Is.True);
                Assert.That(found, Is.SameAs(driver));
            });
        }
        finally
        {
            Assert.That(StorageDrivers.Unregister("testfs-register"), Is.True);
        }
        Assert.Throws<StorageException>(() => StorageDrivers.Resolve("testfs-register:a/b"));
    }

    [TestCase("x")]
    [TestCase("")]
    [TestCase("1fs")]
    [TestCase("a/b")]
    public void Register_BadPrefix_ThrowsArgumentException(string prefix)
        => Assert.Throws<ArgumentException>(() => StorageDrivers.Register(new PrefixedDriver(prefix)));

    [Test]
    public void Unregister_UnknownPrefix_ReturnsFalse()
        => Assert.That(StorageDrivers.Unregister("never-registered"), Is.False);

    private sealed class PrefixedDriver(string prefix) : IStorageDriver
    {
        private readonly MemoryDriver _inner = new();

        public string Prefix => prefix;

        public DriverFeatures Features => _inner.Features;

        public IStorageFile Open(string path, StorageOpenMode mode, IReadOnlyDictionary<string, string> hints) => _inner.Open(path, mode, hints);

        public void Delete(string path) => _inner.Delete(path);

        public bool Exists(string path) => _inner.Exists(path);
    }
}
