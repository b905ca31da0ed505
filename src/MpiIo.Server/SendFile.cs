using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MpiIo.Storage;

namespace MpiIo.Server;

/// <summary>
/// Linux sendfile(2) from a data object's descriptor to a connection's socket: the kernel hands the page-cache
/// pages to the socket, so a read reply's data is neither copied into the server's memory (pread) nor out of it
/// (send). The socket may be non-blocking (.NET makes it so once an asynchronous operation ran on it): a full send
/// buffer returns <see cref="SendFileOutcome.WouldBlock"/> instead of blocking the thread.
/// </summary>
internal static partial class SendFile
{
    // Linux sends at most 0x7ffff000 bytes per call; staying well below keeps every count an exact nuint.
    private const long MaxPerCall = 1L << 30;

    /// <summary>Whether sendfile is used (Linux only; elsewhere every read reply is copied).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>
    /// Sends up to <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/> to
    /// <paramref name="socket"/>, advancing both by what went out, until the count is done, the socket's buffer is
    /// full or the file ends (it was truncated after its length was taken). Interrupted calls are retried.
    /// </summary>
    /// <exception cref="IOException">sendfile failed (the peer reset the connection, a read error of the file, ...).</exception>
    public static SendFileOutcome Send(SafeSocketHandle socket, SafeFileHandle file, ref long offset, ref long count)
    {
        bool socketLeased = false, fileLeased = false;
        try
        {
            socket.DangerousAddRef(ref socketLeased);
            file.DangerousAddRef(ref fileLeased);
            int outFd = (int)socket.DangerousGetHandle(), inFd = (int)file.DangerousGetHandle();
            while (count > 0)
            {
                long position = offset;
                nint sent = SysSendFile(outFd, inFd, ref position, (nuint)Math.Min(count, MaxPerCall));
                if (sent < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == OsErrors.EINTR)
                        continue;
                    if (errno == OsErrors.EAGAIN)
                        return SendFileOutcome.WouldBlock;
                    throw new IOException($"sendfile: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
                }
                if (sent == 0)
                    return SendFileOutcome.EndOfFile;
                offset += sent;
                count -= sent;
            }
            return SendFileOutcome.Done;
        }
        finally
        {
            if (fileLeased)
                file.DangerousRelease();
            if (socketLeased)
                socket.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    private static partial nint SysSendFile(int outFd, int inFd, ref long offset, nuint count);
}

/// <summary>How a <see cref="SendFile.Send"/> call ended.</summary>
internal enum SendFileOutcome
{
    /// <summary>Every byte went out.</summary>
    Done,

    /// <summary>The socket's send buffer is full (non-blocking socket); wait until it drains.</summary>
    WouldBlock,

    /// <summary>The file ended before the count: it shrank after its length was taken.</summary>
    EndOfFile,
}
