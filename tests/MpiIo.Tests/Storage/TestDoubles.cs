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
        public int ReadAtCalls { get; private set; }

        public int WriteAtCalls { get; private set; }

        public int ReadListCalls { get; private set; }

        public int WriteListCalls { get; private set; }

        public int LockCalls { get; private set; }

        public DriverFeatures Features => inner.Features & allowed;

        public string Path => inner.Path;

        public StripingLayout? Striping => inner.Striping;

        public int ReadAt(long offset, Span<byte> buffer)
        {
            ReadAtCalls++;
            return inner.ReadAt(offset, buffer);
        }

        public void WriteAt(long offset, ReadOnlySpan<byte> data)
        {
            WriteAtCalls++;
            inner.WriteAt(offset, data);
        }

        public long ReadList(ReadOnlySpan<FileBlock> blocks, Span<byte> buffer)
        {
            ReadListCalls++;
            return inner.ReadList(blocks, buffer);
        }

        public void WriteList(ReadOnlySpan<FileBlock> blocks, ReadOnlySpan<byte> data)
        {
            WriteListCalls++;
            inner.WriteList(blocks, data);
        }

        public void Flush() => inner.Flush();

        public void SetSize(long size) => inner.SetSize(size);

        public void Preallocate(long size) => inner.Preallocate(size);

        public long GetSize() => inner.GetSize();

        public RangeLock Lock(long offset, long length, bool exclusive)
        {
            LockCalls++;
            if ((Features & DriverFeatures.Locks) == 0)
                throw new StorageException(ErrorClass.UnsupportedOperation, "no locks");
            return inner.Lock(offset, length, exclusive);
        }

        public void Dispose() => inner.Dispose();
    }
}
