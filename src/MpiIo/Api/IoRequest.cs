namespace MpiIo;

/// <summary>
/// A nonblocking file access (<c>MPI_Request</c> of <c>MPI_File_iread_at</c> and friends). The access runs
/// on a thread of its own from the moment it starts, so it overlaps with the caller's computation; the
/// buffer must not be touched until <see cref="Wait"/> or a successful <see cref="Test"/>. A nonblocking
/// collective (<c>MPI_File_iwrite_all</c> …) runs on a thread of its own only under <c>MPI_THREAD_MULTIPLE</c>;
/// otherwise it has completed when its start call returns (see <see cref="MpiFile.CollectivesRunInBackground"/>),
/// and it counts as pending on its file until <see cref="Wait"/> or a successful <see cref="Test"/>.
/// </summary>
public sealed class IoRequest
{
    private readonly Task<long> _task;
    private Action? _completed; // run once, when a Wait first sees the access finished

    internal IoRequest(Task<long> task, Action? completed = null)
    {
        _task = task;
        _completed = completed;
    }

    /// <summary>Whether the access has finished (successfully or not).</summary>
    public bool IsCompleted => _task.IsCompleted;

    /// <summary><c>MPI_Wait</c>: blocks until the access completes; raises its error, if any.</summary>
    public IoStatus Wait()
    {
        try { return new(_task.GetAwaiter().GetResult()); }
        finally { Interlocked.Exchange(ref _completed, null)?.Invoke(); }
    }

    /// <summary><c>MPI_Test</c>: whether the access completed; its status when it did.</summary>
    public bool Test(out IoStatus status)
    {
        if (!_task.IsCompleted)
        {
            status = default;
            return false;
        }
        status = Wait();
        return true;
    }

    /// <summary><c>MPI_Waitall</c>: waits for every request; raises the first error after all have finished.</summary>
    public static IoStatus[] WaitAll(params IoRequest[] requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var statuses = new IoStatus[requests.Length];
        Exception? first = null;
        for (int i = 0; i < requests.Length; i++)
        {
            try { statuses[i] = requests[i].Wait(); }
            catch (Exception e) { first ??= e; }
        }
        if (first != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        return statuses;
    }

    /// <summary><c>MPI_Waitany</c>: waits until one request completes.</summary>
    /// <returns>Its index and status.</returns>
    public static (int Index, IoStatus Status) WaitAny(params IoRequest[] requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Length == 0) return (-1, default);
        var tasks = new Task[requests.Length];
        for (int i = 0; i < tasks.Length; i++) tasks[i] = requests[i]._task;
        int index = Task.WaitAny(tasks);
        return (index, requests[index].Wait());
    }
}
