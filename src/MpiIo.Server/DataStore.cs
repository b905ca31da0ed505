using System.Globalization;
using Microsoft.Win32.SafeHandles;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Server;

/// <summary>
/// The I/O role's storage (PVFS2's trove bytestreams): each data object is one local file named by its numeric
/// handle in hexadecimal, so no client-chosen name ever reaches the local file system. Positional I/O only.
/// </summary>
internal sealed class DataStore
{
    private readonly string _directory;
    private readonly bool _syncData, _syncMeta;
    private long _lastHandle;

    /// <param name="storageDirectory">The server's storage directory; objects live in its <c>data</c> subdirectory.</param>
    /// <param name="syncData">fsync after every write.</param>
    /// <param name="syncMeta">fsync the object directory after every create and remove, so an object the metadata names is durable first.</param>
    public DataStore(string storageDirectory, bool syncData, bool syncMeta)
    {
        _directory = Path.Combine(storageDirectory, "data");
        _syncData = syncData;
        _syncMeta = syncMeta;
        Directory.CreateDirectory(_directory);
        // Handles only grow: start after the largest one on disk so a restarted server never reuses a handle.
        foreach (string file in Directory.EnumerateFiles(_directory))
        {
            if (ulong.TryParse(Path.GetFileName(file), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong h))
                _lastHandle = Math.Max(_lastHandle, (long)h);
        }
    }

    private string PathOf(ulong handle) => Path.Combine(_directory, handle.ToString("x16", CultureInfo.InvariantCulture));

    public ulong Create()
    {
        while (true)
        {
            ulong handle = (ulong)Interlocked.Increment(ref _lastHandle);
            try
            {
                using (SafeFileHandle file = File.OpenHandle(PathOf(handle), System.IO.FileMode.CreateNew, FileAccess.ReadWrite))
                {
                    if (_syncMeta)
                        RandomAccess.FlushToDisk(file);
                }
                if (_syncMeta)
                    DirectorySync.Flush(_directory);
                return handle;
            }
            catch (IOException) when (File.Exists(PathOf(handle)))
            {
                // Someone created it behind our back (another process on the same directory): take the next one.
            }
        }
    }

    public void Remove(ulong handle)
    {
        string path = PathOf(handle);
        if (!File.Exists(path))
            throw Missing(handle);
        File.Delete(path);
        if (_syncMeta)
            DirectorySync.Flush(_directory);
    }

    private static StorageException Missing(ulong handle)
        => new(ErrorClass.NoSuchFile, $"data object {handle:x} does not exist");

    private SafeFileHandle Open(ulong handle, bool write)
    {
        try
        {
            return File.OpenHandle(PathOf(handle), System.IO.FileMode.Open, write ? FileAccess.ReadWrite : FileAccess.Read);
        }
        catch (FileNotFoundException)
        {
            throw Missing(handle);
        }
    }

    public long GetSize(ulong handle)
    {
        using SafeFileHandle file = Open(handle, false);
        return RandomAccess.GetLength(file);
    }

    public void Truncate(ulong handle, long size)
    {
        using SafeFileHandle file = Open(handle, true);
        RandomAccess.SetLength(file, size);
        if (_syncData)
            RandomAccess.FlushToDisk(file);
    }

    public void Flush(ulong handle)
    {
        using SafeFileHandle file = Open(handle, true);
        RandomAccess.FlushToDisk(file);
    }

    /// <summary>Reads this server's part of the region into <paramref name="destination"/>; holes and bytes past the bytestream's end read as zero.</summary>
    /// <returns>The bytestream's length.</returns>
    public long Read(in DataRequest request, Span<byte> destination)
    {
        using SafeFileHandle file = Open(request.Handle, false);
        long length = RandomAccess.GetLength(file);
        var runs = new ServerRunEnumerator(request.Descriptor, request.Layout, request.Server);
        while (runs.MoveNext())
        {
            Span<byte> target = destination.Slice((int)runs.Position, (int)runs.Length);
            int got = 0;
            if (runs.LocalOffset < length)
            {
                while (got < target.Length)
                {
                    int n = RandomAccess.Read(file, target[got..], runs.LocalOffset + got);
                    if (n == 0)
                        break;
                    got += n;
                }
            }
            target[got..].Clear();
        }
        return length;
    }

    /// <summary>Writes this server's part of the region from <paramref name="data"/>.</summary>
    /// <returns>The bytestream's length afterwards.</returns>
    public long Write(in DataRequest request, ReadOnlySpan<byte> data)
    {
        using SafeFileHandle file = Open(request.Handle, true);
        var runs = new ServerRunEnumerator(request.Descriptor, request.Layout, request.Server);
        while (runs.MoveNext())
            RandomAccess.Write(file, data.Slice((int)runs.Position, (int)runs.Length), runs.LocalOffset);
        if (_syncData)
            RandomAccess.FlushToDisk(file);
        return RandomAccess.GetLength(file);
    }

    public (long Objects, long Bytes) Usage()
    {
        long objects = 0, bytes = 0;
        foreach (FileInfo file in new DirectoryInfo(_directory).EnumerateFiles())
        {
            objects++;
            bytes += file.Length;
        }
        return (objects, bytes);
    }
}
