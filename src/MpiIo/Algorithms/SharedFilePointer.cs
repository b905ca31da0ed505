using MpiIo.Mpi;

namespace MpiIo.Algorithms;

/// <summary>
/// The shared file pointer of an open file, kept in an MPI window on rank 0 and moved with
/// <c>MPI_Fetch_and_op</c>: claiming <c>n</c> etypes is one atomic fetch-and-add, with no lock file and no
/// token passing (ROMIO keeps it in a hidden file under an fcntl lock).
/// </summary>
internal sealed class SharedFilePointer : IDisposable
{
    private readonly Window _window;
    private bool _epoch;

    private SharedFilePointer(Window window)
    {
        _window = window;
    }

    /// <summary>Creates the window (collective over <paramref name="comm"/>); the pointer starts at <paramref name="initial"/>.</summary>
    public static SharedFilePointer Create(Communicator comm, long initial)
    {
        // Rank 0 stores the initial value before the window exists, so no barrier is needed after it.
        var w = Window.Create(comm, comm.Rank == 0 ? 8 : 0, 8, comm.Rank == 0 ? span => BitConverter.TryWriteBytes(span, initial) : null);
        var p = new SharedFilePointer(w);
        // Every rank keeps one shared passive-target epoch open for the file's life, so each claim is a
        // single atomic call.
        w.LockAll();
        p._epoch = true;
        return p;
    }

    /// <summary>Atomically advances the pointer by <paramref name="etypes"/> and returns where this rank's access starts.</summary>
    public long FetchAndAdd(long etypes) => _window.FetchAndOp(etypes, 0, 0, Op.Sum);

    /// <summary>Reads the pointer (an atomic no-op fetch).</summary>
    public long Read() => _window.FetchAndOp(0L, 0, 0, Op.NoOp);

    /// <summary>Sets the pointer (atomic replace); callers synchronise the ranks around it.</summary>
    public void Set(long etypes)
    {
        _window.FetchAndOp(etypes, 0, 0, Op.Replace);
        _window.Flush(0);
    }

    /// <summary>Frees the window (collective).</summary>
    public void Dispose()
    {
        if (_window.IsDisposed) return;
        if (_epoch)
        {
            _window.UnlockAll();
            _epoch = false;
        }
        _window.Dispose();
    }
}
