namespace MpiIo.Algorithms;

/// <summary>
/// A split (<c>MPI_File_write_all_begin</c> …) or nonblocking (<c>MPI_File_iwrite_all</c> …) collective
/// access in flight on one file. The whole collective runs either on a dedicated thread, so it progresses
/// while the caller computes, or eagerly on the caller's thread when it starts.
/// </summary>
/// <remarks>
/// A background thread may call MPI only when MPI provides <c>MPI_THREAD_MULTIPLE</c>; the file decides.
/// The thread running the collective is recorded so the collective's own core can tell itself apart from
/// a caller that tries to start another collective meanwhile.
/// </remarks>
internal sealed class PendingCollective
{
    private int _worker; // managed id of the thread running the collective, 0 when none is

    public PendingCollective(string call, bool split)
    {
        Call = call;
        Split = split;
    }

    /// <summary>The MPI call that started it (for messages and for matching an <c>_end</c> call).</summary>
    public string Call { get; }

    /// <summary>Whether it is a split collective (ended by its <c>_end</c> call) rather than a request.</summary>
    public bool Split { get; }

    /// <summary>Its outcome: bytes moved, or the agreed error.</summary>
    public Task<long> Task { get; private set; } = System.Threading.Tasks.Task.FromResult(0L);

    /// <summary>Whether the calling thread is the one running the collective.</summary>
    public bool IsWorker => Volatile.Read(ref _worker) == Environment.CurrentManagedThreadId;

    /// <summary>Runs <paramref name="work"/> on a dedicated thread, or on this one before returning.</summary>
    public void Run(Func<long> work, bool background)
    {
        if (background)
        {
            // LongRunning: a thread of its own, so a collective blocked on a slow rank never starves the pool.
            Task = System.Threading.Tasks.Task.Factory.StartNew(RunOnWorker, work, CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return;
        }
        try { Task = System.Threading.Tasks.Task.FromResult(RunOnWorker(work)); }
        catch (Exception e) { Task = System.Threading.Tasks.Task.FromException<long>(e); }
    }

    /// <summary>Blocks until the collective has finished, without raising its error (kept for its end call).</summary>
    public void WaitQuietly() => ((IAsyncResult)Task).AsyncWaitHandle.WaitOne();

    private long RunOnWorker(object? state)
    {
        Volatile.Write(ref _worker, Environment.CurrentManagedThreadId);
        try { return ((Func<long>)state!)(); }
        finally { Volatile.Write(ref _worker, 0); }
    }
}
