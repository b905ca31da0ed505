using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Tests.Storage;

internal static class TestDoubles
{
    /// <summary>
    /// A file that advertises only <c>allowed</c> of its inner file's features (to play a driver without locks
    /// or without list I/O) and counts the calls data sieving makes.
    /// </summary>
    internal sealed class FeatureMaskFile(IStorageFile inner, DriverFeatures allowed) : IStorageFile
    {
        private int _readAtCalls, _writeAtCalls, _readListCalls, _writeListCalls, _lockCalls;

        public int ReadAtCalls => _readAtCalls;

        public int WriteAtCalls => _writeAtCalls;

        public int ReadListCalls => _readListCalls;

        public int WriteListCalls => _writeListCalls;

        public int LockCalls => _lockCalls;

        public DriverFeatures Features => inner.Features & allowed;

        public string Path => inner.Path;

        public StripingLayout? Striping => inner.Striping;

        public int ReadAt(long offset, Span<byte> buffer)
        {
            Interlocked.Increment(ref _readAtCalls);
            return inner.ReadAt(offset, buffer);
        }

        public void WriteAt(long offset, ReadOnlySpan<byte> data)
        {
            Interlocked.Increment(ref _writeAtCalls);
            inner.WriteAt(offset, data);
        }

        public long ReadList(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer)
        {
            Interlocked.Increment(ref _readListCalls);
            return inner.ReadList(blocks, buffer);
        }

        public void WriteList(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data)
        {
            Interlocked.Increment(ref _writeListCalls);
            inner.WriteList(blocks, data);
        }

        public void Flush() => inner.Flush();

        public void SetSize(long size) => inner.SetSize(size);

        public void Preallocate(long size) => inner.Preallocate(size);

        public long GetSize() => inner.GetSize();

        public RangeLock Lock(long offset, long length, bool exclusive)
        {
            Interlocked.Increment(ref _lockCalls);
            if ((Features & DriverFeatures.Locks) == 0)
                throw new StorageException(ErrorClass.UnsupportedOperation, "no locks");
            return inner.Lock(offset, length, exclusive);
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>A driver whose files advertise only <c>allowed</c> of the inner driver's features.</summary>
    internal sealed class FeatureMaskDriver(IStorageDriver inner, DriverFeatures allowed) : IStorageDriver
    {
        public string Prefix => inner.Prefix;

        public DriverFeatures Features => inner.Features & allowed;

        public IStorageFile Open(string path, StorageOpenMode mode, IReadOnlyDictionary<string, string> hints)
            => new FeatureMaskFile(inner.Open(path, mode, hints), allowed);

        public void Delete(string path) => inner.Delete(path);

        public bool Exists(string path) => inner.Exists(path);
    }
}
