using System.Globalization;
using Microsoft.Win32.SafeHandles;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Local;
using MpiIo.Storage.Pvfs.Protocol;

namespace MpiIo.Server;

/// <summary>
/// The I/O role's storage (PVFS2's trove bytestreams): each data object is one local file named by its numeric
/// handle in hexadecimal, so no client-chosen name ever reaches the local file system. Positional I/O only, through
/// a cache of open descriptors (<see cref="OpenFiles"/>), so a small request costs one pread or pwrite, not an
/// open and a close around it.
/// </summary>
internal sealed class DataStore : IDisposable
{
    private readonly string _directory;
    private readonly bool _syncData, _syncMeta;
    private readonly OpenFiles _open = new(OpenFiles.DefaultCapacity);
    // Stripes land in new bytestreams, where reserving a large run first is the fast way to allocate it.
    private readonly BlockReservation _reservation = new();
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
                SafeFileHandle file = File.OpenHandle(PathOf(handle), System.IO.FileMode.CreateNew, FileAccess.ReadWrite);
                try
                {
                    if (_syncMeta)
                        RandomAccess.FlushToDisk(file);
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
                // The first write to a new object usually follows at once: keep its descriptor.
                _open.Add(handle, file);
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
        _open.Forget(handle);
        if (!File.Exists(path))
            throw Missing(handle);
        File.Delete(path);
        if (_syncMeta)
            DirectorySync.Flush(_directory);
    }

    private static StorageException Missing(ulong handle)
        => new(ErrorClass.NoSuchFile, $"data object {handle:x} does not exist");

    /// <summary>A leased descriptor of the object (opened for reading and writing, cached); dispose the lease after use.</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_NO_SUCH_FILE</c> when the object does not exist.</exception>
    public OpenFiles.Lease Open(ulong handle)
    {
        if (_open.TryLease(handle, out OpenFiles.Lease lease))
            return lease;
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(PathOf(handle), System.IO.FileMode.Open, FileAccess.ReadWrite);
        }
        catch (FileNotFoundException)
        {
            throw Missing(handle);
        }
        return _open.AddAndLease(handle, file);
    }

    public long GetSize(ulong handle)
    {
        using OpenFiles.Lease lease = Open(handle);
        SafeFileHandle file = lease.File;
        return RandomAccess.GetLength(file);
    }

    public void Truncate(ulong handle, long size)
    {
        using OpenFiles.Lease lease = Open(handle);
        SafeFileHandle file = lease.File;
        RandomAccess.SetLength(file, size);
        if (_syncData)
            RandomAccess.FlushToDisk(file);
    }

    public void Flush(ulong handle)
    {
        using OpenFiles.Lease lease = Open(handle);
        SafeFileHandle file = lease.File;
        RandomAccess.FlushToDisk(file);
    }

    /// <summary>Reads this server's part of the region into <paramref name="destination"/>; holes and bytes past the bytestream's end read as zero.</summary>
    /// <returns>The bytestream's length.</returns>
    public long Read(in DataRequest request, Span<byte> destination)
    {
        using OpenFiles.Lease lease = Open(request.Handle);
        SafeFileHandle file = lease.File;
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
        using OpenFiles.Lease lease = Open(request.Handle);
        SafeFileHandle file = lease.File;
        var runs = new ServerRunEnumerator(request.Descriptor, request.Layout, request.Server);
        while (runs.MoveNext())
        {
            _reservation.BeforeWrite(file, runs.LocalOffset, runs.Length);
            RandomAccess.Write(file, data.Slice((int)runs.Position, (int)runs.Length), runs.LocalOffset);
        }
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

    /// <summary>Closes every cached descriptor.</summary>
    public void Dispose() => _open.Dispose();
}
