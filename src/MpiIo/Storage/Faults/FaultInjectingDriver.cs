namespace MpiIo.Storage.Faults;

/// <summary>
/// A driver wrapper for tests whose files fail the calls a <see cref="FaultPlan"/> names, so callers'
/// error paths (a full disk mid-write, a failing sync) can be exercised. Prefix: the inner driver's with
/// <c>fault-</c> in front, so it can be registered next to it.
/// </summary>
public sealed class FaultInjectingDriver : IStorageDriver
{
    private readonly IStorageDriver _inner;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="plan"/> (new if null) is shared by all files opened.</summary>
    public FaultInjectingDriver(IStorageDriver inner, FaultPlan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        Plan = plan ?? new FaultPlan();
    }

    /// <summary>The failures to inject and the call counters.</summary>
    public FaultPlan Plan { get; }

    /// <inheritdoc/>
    public string Prefix => "fault-" + _inner.Prefix;

    /// <inheritdoc/>
    public DriverFeatures Features => _inner.Features & ~DriverFeatures.ListIO;

    /// <inheritdoc/>
    public IStorageFile Open(string path, StorageOpenMode mode, IReadOnlyDictionary<string, string> hints)
        => new FaultInjectingFile(_inner.Open(path, mode, hints), Plan);

    /// <inheritdoc/>
    public void Delete(string path) => _inner.Delete(path);

    /// <inheritdoc/>
    public bool Exists(string path) => _inner.Exists(path);
}
