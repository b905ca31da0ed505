using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Tests.Storage;

public sealed class OsErrorsTests
{
    [TestCase(OsErrors.ENOENT, ErrorClass.NoSuchFile)]
    [TestCase(OsErrors.EEXIST, ErrorClass.FileExists)]
    [TestCase(OsErrors.EACCES, ErrorClass.Access)]
    [TestCase(OsErrors.EPERM, ErrorClass.Access)]
    [TestCase(OsErrors.ENOSPC, ErrorClass.NoSpace)]
    [TestCase(OsErrors.EFBIG, ErrorClass.NoSpace)]
    [TestCase(OsErrors.EDQUOT, ErrorClass.Quota)]
    [TestCase(OsErrors.EROFS, ErrorClass.ReadOnly)]
    [TestCase(OsErrors.EISDIR, ErrorClass.BadFile)]
    [TestCase(OsErrors.ENOTDIR, ErrorClass.BadFile)]
    [TestCase(OsErrors.ENAMETOOLONG, ErrorClass.BadFile)]
    [TestCase(OsErrors.EIO, ErrorClass.IO)]
    [TestCase(OsErrors.EBADF, ErrorClass.IO)]
    public void ToErrorClass_Errno_MapsToMpiClass(int errno, ErrorClass expected)
        => Assert.That(OsErrors.ToErrorClass(errno), Is.EqualTo(expected));

    [Test]
    public void FromErrno_NamesOperationPathAndErrno()
    {
        StorageException e = OsErrors.FromErrno(OsErrors.ENOSPC, "write", "/x/y");
        Assert.Multiple(() =>
        {
            Assert.That(e.ErrorClass, Is.EqualTo(ErrorClass.NoSpace));
            Assert.That(e.Message, Does.Contain("write").And.Contain("/x/y").And.Contain("28"));
        });
    }

    [Test]
    public void FromException_DotNetExceptions_MapToMpiClasses()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OsErrors.FromException(new FileNotFoundException(), "open", "p").ErrorClass, Is.EqualTo(ErrorClass.NoSuchFile));
            Assert.That(OsErrors.FromException(new DirectoryNotFoundException(), "open", "p").ErrorClass, Is.EqualTo(ErrorClass.NoSuchFile));
            Assert.That(OsErrors.FromException(new PathTooLongException(), "open", "p").ErrorClass, Is.EqualTo(ErrorClass.BadFile));
            Assert.That(OsErrors.FromException(new UnauthorizedAccessException(), "write", "p").ErrorClass, Is.EqualTo(ErrorClass.Access));
            Assert.That(OsErrors.FromException(new ObjectDisposedException("h"), "read", "p").ErrorClass, Is.EqualTo(ErrorClass.File));
            Assert.That(OsErrors.FromException(new IOException("full", OsErrors.ENOSPC), "write", "p").ErrorClass, Is.EqualTo(ErrorClass.NoSpace));
            Assert.That(OsErrors.FromException(new IOException("quota", OsErrors.EDQUOT), "write", "p").ErrorClass, Is.EqualTo(ErrorClass.Quota));
            Assert.That(OsErrors.FromException(new IOException("odd", unchecked((int)0x80070005)), "write", "p").ErrorClass, Is.EqualTo(ErrorClass.IO));
        });
    }

    [Test]
    public void FromException_StorageException_ReturnedUnchanged()
    {
        var original = new StorageException(ErrorClass.Quota, "q");
        Assert.That(OsErrors.FromException(original, "write", "p"), Is.SameAs(original));
    }
}
