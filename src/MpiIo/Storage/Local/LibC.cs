using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MpiIo.Storage.Local;

/// <summary>
/// The libc calls the local driver needs and .NET does not offer with errno intact: open, fcntl open file
/// description locks, ftruncate, fsync, posix_fallocate, fallocate, fstatfs, unlink. Linux (x86-64 and arm64 share these
/// constants and the <c>struct flock</c> layout). Every call retries on EINTR and returns 0 or an errno.
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    internal const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_CLOEXEC = 0x80000;

    /// <summary>Open file description locks (Linux 3.15): owned by the open file, not the process, so two
    /// descriptors of one process exclude each other, unlike classic POSIX record locks.</summary>
    internal const int F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;

    internal const short F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2, SEEK_SET = 0;

    /// <summary><c>struct flock</c>: 32 bytes on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Flock
    {
        internal short Type;
        internal short Whence;
        internal long Start;
        internal long Length;
        internal int Pid;
        private int _padding;
    }

    /// <summary>Opens <paramref name="path"/>; on success <paramref name="handle"/> owns the descriptor.</summary>
    internal static int Open(string path, int flags, out SafeFileHandle handle)
    {
        int fd;
        int errno;
        do
        {
            fd = SysOpen(path, flags | O_CLOEXEC, 0b110_110_110);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (fd < 0 && errno == OsErrors.EINTR);
        handle = new SafeFileHandle(fd < 0 ? -1 : fd, ownsHandle: fd >= 0);
        return errno;
    }

    /// <summary>Sets (<see cref="F_RDLCK"/>/<see cref="F_WRLCK"/>) or clears (<see cref="F_UNLCK"/>) an OFD lock;
    /// <paramref name="length"/> 0 means to infinity.</summary>
    internal static unsafe int SetLock(SafeFileHandle handle, short type, long start, long length, bool wait)
    {
        var call = new LockCall { Command = wait ? F_OFD_SETLKW : F_OFD_SETLK, Lock = new Flock { Type = type, Whence = SEEK_SET, Start = start, Length = length } };
        return OnDescriptor(handle, ref call, &SetLockOn);
    }

    private struct LockCall
    {
        public int Command;
        public Flock Lock;
    }

    private static int SetLockOn(int fd, ref LockCall call) => Fcntl(fd, call.Command, ref call.Lock);

    /// <summary>Truncates or extends to <paramref name="size"/> bytes.</summary>
    internal static unsafe int Truncate(SafeFileHandle handle, long size) => OnDescriptor(handle, ref size, &TruncateOn);

    private static int TruncateOn(int fd, ref long size) => SysFtruncate(fd, size);

    /// <summary>Flushes data and metadata to stable storage.</summary>
    internal static unsafe int Sync(SafeFileHandle handle)
    {
        int none = 0;
        return OnDescriptor(handle, ref none, &SyncOn);
    }

    private static int SyncOn(int fd, ref int none) => SysFsync(fd);

    /// <summary>Allocates storage for [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>); posix_fallocate returns its errno.</summary>
    internal static int Allocate(SafeFileHandle handle, long offset, long length)
    {
        int fd = Lease(handle, out bool leased);
        try
        {
            int errno;
            do
                errno = SysPosixFallocate(fd, offset, length);
            while (errno == OsErrors.EINTR);
            return errno;
        }
        finally
        {
            EndLease(handle, leased);
        }
    }

    /// <summary>fallocate(2)'s mode that allocates blocks without changing the file's size.</summary>
    internal const int FALLOC_FL_KEEP_SIZE = 1;

    /// <summary>Allocates blocks for [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>)
    /// without changing the file's size (fallocate with <see cref="FALLOC_FL_KEEP_SIZE"/>); returns 0 or the errno.</summary>
    internal static unsafe int Reserve(SafeFileHandle handle, long offset, long length)
    {
        var range = (Offset: offset, Length: length);
        return OnDescriptor(handle, ref range, &ReserveOn);
    }

    private static int ReserveOn(int fd, ref (long Offset, long Length) range) => SysFallocate(fd, FALLOC_FL_KEEP_SIZE, range.Offset, range.Length);

    /// <summary>Removes a directory entry.</summary>
    internal static int Unlink(string path)
    {
        int rc;
        int errno;
        do
        {
            rc = SysUnlink(path);
            errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (rc < 0 && errno == OsErrors.EINTR);
        return errno;
    }

    // The descriptor is used under a reference so a concurrent Dispose cannot close it (and the OS reuse
    // the number) mid-call. A closed handle throws ObjectDisposedException here.
    private static int Lease(SafeFileHandle handle, out bool leased)
    {
        leased = false;
        handle.DangerousAddRef(ref leased);
        return (int)handle.DangerousGetHandle();
    }

    private static void EndLease(SafeFileHandle handle, bool leased)
    {
        if (leased)
            handle.DangerousRelease();
    }

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SysOpen(string path, int flags, int mode);

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, ref Flock flock);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int SysFtruncate(int fd, long length);

    /// <summary>The file system type (<c>f_type</c> of fstatfs(2), e.g. 0xEF53 for ext2/3/4) of the file behind
    /// <paramref name="handle"/>; returns 0 or the errno.</summary>
    internal static unsafe int FileSystemType(SafeFileHandle handle, out long type)
    {
        // struct statfs is 120 bytes on 64-bit Linux with f_type first; the buffer leaves room to spare.
        long* buffer = stackalloc long[32];
        nint at = (nint)buffer;
        int errno = OnDescriptor(handle, ref at, &FstatfsOn);
        type = errno == 0 ? buffer[0] : 0;
        return errno;
    }

    private static unsafe int FstatfsOn(int fd, ref nint buffer) => SysFstatfs(fd, (long*)buffer);

    // Runs a system call on the handle's descriptor, leased for the call, again after EINTR; returns 0 or the errno.
    private static unsafe int OnDescriptor<T>(SafeFileHandle handle, ref T args, delegate*<int, ref T, int> call)
    {
        int fd = Lease(handle, out bool leased);
        try
        {
            int rc;
            int errno;
            do
            {
                rc = call(fd, ref args);
                errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (rc < 0 && errno == OsErrors.EINTR);
            return errno;
        }
        finally
        {
            EndLease(handle, leased);
        }
    }

    [LibraryImport(Library, EntryPoint = "fstatfs", SetLastError = true)]
    private static unsafe partial int SysFstatfs(int fd, long* buffer);

    [LibraryImport(Library, EntryPoint = "fallocate", SetLastError = true)]
    private static partial int SysFallocate(int fd, int mode, long offset, long length);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    private static partial int SysFsync(int fd);

    [LibraryImport(Library, EntryPoint = "posix_fallocate")]
    private static partial int SysPosixFallocate(int fd, long offset, long length);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SysUnlink(string path);
}
