using System.Runtime.InteropServices;

namespace MpiIo.Server;

/// <summary>
/// fsync of a directory, so a newly created or removed data object's name is durable before the metadata that
/// refers to it commits. .NET cannot open a directory as a file, hence three libc calls (POSIX only).
/// </summary>
internal static class DirectorySync
{
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    /// <summary>Flushes <paramref name="directory"/>'s entries to stable storage (a no-op off Linux and macOS).</summary>
    /// <exception cref="IOException">open or fsync failed.</exception>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        int fd = Open(directory, 0); // O_RDONLY: enough to fsync a directory
        if (fd < 0)
            throw new IOException($"cannot open directory '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0)
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            Close(fd);
        }
    }
}
