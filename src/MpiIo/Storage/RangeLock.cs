namespace MpiIo.Storage;

/// <summary>A held byte-range lock; disposing it releases the range. A default value holds nothing.</summary>
public readonly struct RangeLock : IDisposable
{
    private readonly IRangeLockOwner? _owner;
    private readonly long _offset, _length;

    /// <summary>Creates a token that calls <paramref name="owner"/> back to release the range.</summary>
    public RangeLock(IRangeLockOwner owner, long offset, long length)
    {
        _owner = owner;
        _offset = offset;
        _length = length;
    }

    /// <summary>Releases the range.</summary>
    public void Dispose() => _owner?.Unlock(_offset, _length);
}

/// <summary>Something that can release a range it locked.</summary>
public interface IRangeLockOwner
{
    /// <summary>Releases [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>).</summary>
    void Unlock(long offset, long length);
}
