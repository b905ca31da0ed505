using System.Diagnostics;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using MpiIo.Storage.Local;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Storage;

public sealed class BlockReservationTests
{
    private const long TmpfsMagic = 0x01021994;

    [Test]
    public void Applies_FileSystemTypes_Ext4AndXfsOnly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BlockReservation.Applies(BlockReservation.Ext4Magic), Is.True);
            Assert.That(BlockReservation.Applies(BlockReservation.XfsMagic), Is.True);
            Assert.That(BlockReservation.Applies(TmpfsMagic), Is.False);
            Assert.That(BlockReservation.Applies(0), Is.False);
        });
    }

    [Test]
    public void FileSystemType_FileOnDevShm_IsTmpfs()
    {
        if (!Directory.Exists("/dev/shm"))
            Assert.Ignore("no /dev/shm on this machine");
        using var dir = new TestDirectory("/dev/shm");
        using SafeFileHandle handle = File.OpenHandle(dir.File("f"), System.IO.FileMode.Create, FileAccess.ReadWrite);
        Assert.That(LibC.FileSystemType(handle, out long type), Is.EqualTo(0));
        Assert.That(type, Is.EqualTo(TmpfsMagic));
    }

    [Test]
    public void BeforeWrite_Tmpfs_AllocatesNothing()
    {
        if (!Directory.Exists("/dev/shm"))
            Assert.Ignore("no /dev/shm on this machine");
        using var dir = new TestDirectory("/dev/shm");
        string path = dir.File("f");
        using (SafeFileHandle handle = File.OpenHandle(path, System.IO.FileMode.Create, FileAccess.ReadWrite))
            new BlockReservation().BeforeWrite(handle, 0, 4 << 20);
        Assert.That(AllocatedBlocks(path), Is.EqualTo(0));
    }

    [Test]
    public void BeforeWrite_Ext4_ReservesWithoutChangingSize()
    {
        using var dir = new TestDirectory();
        string path = dir.File("f");
        using (SafeFileHandle handle = File.OpenHandle(path, System.IO.FileMode.Create, FileAccess.ReadWrite))
        {
            if (LibC.FileSystemType(handle, out long type) != 0 || type != BlockReservation.Ext4Magic)
                Assert.Ignore($"the temp folder {Path.GetTempPath()} is not on ext4");
            new BlockReservation().BeforeWrite(handle, 0, 4 << 20);
            // Below the threshold nothing is reserved beyond what the large call took.
            new BlockReservation().BeforeWrite(handle, 8 << 20, BlockReservation.Threshold - 1);
        }
        Assert.Multiple(() =>
        {
            Assert.That(new FileInfo(path).Length, Is.EqualTo(0));
            // st_blocks counts 512-byte units: 4 MiB reserved, nothing for the small call.
            Assert.That(AllocatedBlocks(path), Is.EqualTo((4 << 20) / 512));
        });
    }

    // st_blocks of the file, from stat(1): .NET does not expose it.
    private static long AllocatedBlocks(string path)
    {
        var start = new ProcessStartInfo("stat", ["-c", "%b", path]) { RedirectStandardOutput = true };
        using var stat = Process.Start(start)!;
        string output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        Assert.That(stat.ExitCode, Is.EqualTo(0), $"stat {path}");
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
