using MpiIo.Algorithms;
using MpiIo.Mpi;

namespace MpiIo;

// Size, durability, atomicity and hints.
public sealed partial class MpiFile
{
    /// <summary><c>MPI_File_get_size</c>: the file's size in bytes.</summary>
    public long GetSize() => Storage.GetSize();

    /// <summary><c>MPI_File_set_size</c> (collective): truncates or extends the file. Every rank must pass the same size.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> on every rank for a negative size, <see cref="ErrorClass.NotSame"/> for sizes that differ between ranks.</exception>
    public void SetSize(long size) => Resize(size, "MPI_File_set_size", static (f, s) => f.SetSize(s));

    /// <summary><c>MPI_File_preallocate</c> (collective): makes sure the first <paramref name="size"/> bytes have storage; never shrinks.</summary>
    public void Preallocate(long size) => Resize(size, "MPI_File_preallocate", static (f, s) => f.Preallocate(s));

    private void Resize(long size, string call, Action<Storage.IStorageFile, long> apply)
    {
        Exception? local = null;
        try
        {
            _ = Storage;
            if (size < 0) throw new MpiException(ErrorClass.Arg, $"size must be nonnegative, got {size}.");
            if ((Amode & FileMode.ReadOnly) != 0) throw new MpiException(ErrorClass.ReadOnly, $"'{Filename}' was opened ReadOnly.");
        }
        catch (Exception e) { local = e; }
        Agreement.AgreeOnValue(_comm, local, call, "size", size);
        // One rank resizes: concurrent truncates of one file would race with nothing to gain.
        Agreement.Run(_comm, call, () => { if (_comm.Rank == 0) apply(Storage, size); });
    }

    /// <summary><c>MPI_File_sync</c> (collective): every rank's writes reach stable storage before any rank returns.</summary>
    public void Sync() => Agreement.Run(_comm, "MPI_File_sync", () => Storage.Flush());

    /// <summary>
    /// <c>MPI_File_set_atomicity</c> (collective): in atomic mode every access is all-or-nothing to concurrent
    /// accesses from other ranks (readers see all-old or all-new), through byte-range locks.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.UnsupportedOperation"/> when the storage has neither locks nor native atomic mode; <see cref="ErrorClass.NotSame"/> when ranks disagree.</exception>
    public void SetAtomicity(bool atomic)
    {
        Exception? local = null;
        try
        {
            var f = Storage.Features;
            RequireCollectiveNone("MPI_File_set_atomicity");
            if (atomic && (f & (MpiIo.Storage.DriverFeatures.Locks | MpiIo.Storage.DriverFeatures.AtomicMode)) == 0)
                throw new MpiException(ErrorClass.UnsupportedOperation, $"'{Filename}' supports neither byte-range locks nor atomic mode.");
        }
        catch (Exception e) { local = e; }
        Agreement.AgreeOnValue(_comm, local, "MPI_File_set_atomicity", "flag", atomic ? 1 : 0);
        _atomic = atomic;
    }

    /// <summary><c>MPI_File_get_atomicity</c>.</summary>
    public bool GetAtomicity() => _atomic;

    /// <summary><c>MPI_File_set_info</c> (collective): applies hints; malformed values raise <see cref="ErrorClass.InfoValue"/> on every rank.</summary>
    public void SetInfo(IReadOnlyDictionary<string, string> hints)
    {
        FileHints? next = null;
        Agreement.Run(_comm, "MPI_File_set_info", () => { _ = Storage; RequireCollectiveNone("MPI_File_set_info"); next = _hints.With(hints); });
        ApplyHints(next!);
    }

    /// <summary><c>MPI_File_set_info</c> with an <see cref="MpiInfo"/>.</summary>
    public void SetInfo(MpiInfo info) => SetInfo(FileHints.FromInfo(info) ?? new Dictionary<string, string>());

    /// <summary><c>MPI_File_get_info</c>: the effective hints, ROMIO's defaults included.</summary>
    public IReadOnlyDictionary<string, string> GetInfo() => _hints.AsDictionary();

    /// <summary><c>MPI_File_get_info</c> as a new <see cref="MpiInfo"/>, which the caller disposes.</summary>
    public MpiInfo GetMpiInfo() => MpiInfo.Create(_hints.AsDictionary());

    /// <summary>The effective hints.</summary>
    public FileHints Hints => _hints;

    private void ApplyHints(FileHints hints)
    {
        _hints = hints;
        _sieving = Algorithms.DataSievingOptions.FromHints(hints.AsDictionary());
        // Collective: every rank applies the same hints at the same call.
        AggregatorRanks();
    }
}
