using Microsoft.Win32.SafeHandles;

namespace MpiIo.Server;

/// <summary>
/// The I/O role's cache of open data-object descriptors, least recently used out first. A descriptor is handed out as
/// a <see cref="Lease"/> that holds a reference on it, so evicting or forgetting an object while a request still
/// uses it only closes the descriptor once that request is done (SafeHandle reference counting).
/// </summary>
internal sealed class OpenFiles : IDisposable
{
    /// <summary>Descriptors kept open by default: far below the usual limit of 1024 per process.</summary>
    public const int DefaultCapacity = 256;

    private readonly Dictionary<ulong, Entry> _entries = [];
    private readonly int _capacity;
    private long _clock;
    private bool _disposed;

    private sealed class Entry(SafeFileHandle file)
    {
        public SafeFileHandle File { get; } = file;
        public long LastUse { get; set; }
    }

    /// <summary>A cache of at most <paramref name="capacity"/> descriptors.</summary>
    public OpenFiles(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Descriptors open now.</summary>
    public int Count
    {
        get
        {
            lock (_entries)
                return _entries.Count;
        }
    }

    /// <summary>One request's use of a cached descriptor; disposing it gives the reference back.</summary>
    public readonly struct Lease(SafeFileHandle file) : IDisposable
    {
        /// <summary>The descriptor, open for reading and writing.</summary>
        public SafeFileHandle File { get; } = file;

        /// <summary>Releases the reference taken for this lease.</summary>
        public void Dispose() => File?.DangerousRelease();
    }

    /// <summary>Leases the cached descriptor of <paramref name="handle"/>, if there is one.</summary>
    public bool TryLease(ulong handle, out Lease lease)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(handle, out Entry? entry))
            {
                lease = Take(entry);
                return true;
            }
        }
        lease = default;
        return false;
    }

    /// <summary>Caches <paramref name="file"/> (opened by the caller) and leases it; when another request cached one first, that one is leased and <paramref name="file"/> closed.</summary>
    public Lease AddAndLease(ulong handle, SafeFileHandle file)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(handle, out Entry? entry))
                entry = Insert(handle, file);
            else
                file.Dispose();
            return Take(entry);
        }
    }

    /// <summary>Caches <paramref name="file"/> without leasing it.</summary>
    public void Add(ulong handle, SafeFileHandle file)
    {
        lock (_entries)
        {
            if (_entries.ContainsKey(handle))
                file.Dispose();
            else
                Insert(handle, file);
        }
    }

    /// <summary>Drops and closes the descriptor of <paramref name="handle"/> (before the object is removed).</summary>
    public void Forget(ulong handle)
    {
        lock (_entries)
        {
            if (_entries.Remove(handle, out Entry? entry))
                entry.File.Dispose();
        }
    }

    private Entry Insert(ulong handle, SafeFileHandle file)
    {
        if (_disposed)
        {
            file.Dispose();
            throw new ObjectDisposedException(nameof(OpenFiles));
        }
        if (_entries.Count >= _capacity)
        {
            // A linear scan for the oldest: eviction happens once per open beyond the capacity, not per request.
            ulong oldest = 0;
            long oldestUse = long.MaxValue;
            foreach (KeyValuePair<ulong, Entry> e in _entries)
            {
                if (e.Value.LastUse < oldestUse)
                {
                    oldestUse = e.Value.LastUse;
                    oldest = e.Key;
                }
            }
            _entries.Remove(oldest, out Entry? victim);
            victim!.File.Dispose();
        }
        var entry = new Entry(file);
        _entries[handle] = entry;
        return entry;
    }

    private Lease Take(Entry entry)
    {
        entry.LastUse = ++_clock;
        bool added = false;
        entry.File.DangerousAddRef(ref added);
        return new Lease(entry.File);
    }

    /// <summary>Closes every descriptor (those leased close when their lease ends).</summary>
    public void Dispose()
    {
        lock (_entries)
        {
            _disposed = true;
            foreach (Entry e in _entries.Values)
                e.File.Dispose();
            _entries.Clear();
        }
    }
}
