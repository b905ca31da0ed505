using System.Buffers;
using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>
/// A nonblocking MPI operation (<c>MPI_Request</c>). The buffer it was started with stays pinned until
/// the request completes through <see cref="Wait"/>, <see cref="Test"/>, <see cref="WaitAll"/> or
/// <see cref="WaitAny"/>; only then may the caller reuse it.
/// </summary>
/// <remarks>
/// There is no finalizer: a request dropped before completion keeps its buffer pinned, because
/// freeing or cancelling it from the garbage collector's thread would race with MPI progress.
/// </remarks>
public sealed class Request
{
    private int _handle;
    private MemoryHandle _pin;
    private Status _status;

    internal Request(int handle, MemoryHandle pin)
    {
        _handle = handle;
        _pin = pin;
        IsCompleted = handle == MpiAbi.MPI_REQUEST_NULL;
    }

    /// <summary>Whether the operation has completed (and the buffer is released).</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>The status of the completed operation.</summary>
    public Status Status => _status;

    /// <summary><c>MPI_Wait</c>: blocks until the operation completes.</summary>
    public unsafe Status Wait()
    {
        if (IsCompleted) return _status;
        MpiStatusRaw raw;
        int h = _handle;
        int rc = MpiNative.MPI_Wait(&h, &raw);
        Complete(raw);
        MpiError.Check(rc, "MPI_Wait");
        return _status;
    }

    /// <summary><c>MPI_Test</c>: completes the operation if it has finished, without blocking.</summary>
    /// <returns>Whether it has completed.</returns>
    public unsafe bool Test()
    {
        if (IsCompleted) return true;
        MpiStatusRaw raw;
        int h = _handle, flag = 0;
        int rc = MpiNative.MPI_Test(&h, &flag, &raw);
        if (rc != MpiAbi.MPI_SUCCESS)
        {
            Complete(raw);
            MpiError.Check(rc, "MPI_Test");
        }
        if (flag == 0) return false;
        Complete(raw);
        return true;
    }

    private void Complete(in MpiStatusRaw raw)
    {
        _status = new Status(raw);
        _handle = MpiAbi.MPI_REQUEST_NULL;
        IsCompleted = true;
        _pin.Dispose();
        _pin = default;
    }

    /// <summary><c>MPI_Waitall</c>: completes every request.</summary>
    public static unsafe void WaitAll(ReadOnlySpan<Request> requests)
    {
        if (requests.Length == 0) return;
        int n = requests.Length;
        int[]? rented = n > 64 ? ArrayPool<int>.Shared.Rent(n) : null;
        MpiStatusRaw[]? rentedStatus = n > 64 ? ArrayPool<MpiStatusRaw>.Shared.Rent(n) : null;
        Span<int> handles = rented ?? stackalloc int[n];
        Span<MpiStatusRaw> statuses = rentedStatus ?? stackalloc MpiStatusRaw[n];
        try
        {
            for (int i = 0; i < n; i++) handles[i] = requests[i].IsCompleted ? MpiAbi.MPI_REQUEST_NULL : requests[i]._handle;
            int rc;
            fixed (int* h = handles)
            fixed (MpiStatusRaw* s = statuses)
                rc = MpiNative.MPI_Waitall(n, h, s);
            for (int i = 0; i < n; i++)
                if (!requests[i].IsCompleted) requests[i].Complete(statuses[i]);
            MpiError.Check(rc, "MPI_Waitall");
        }
        finally
        {
            if (rented != null) ArrayPool<int>.Shared.Return(rented);
            if (rentedStatus != null) ArrayPool<MpiStatusRaw>.Shared.Return(rentedStatus);
        }
    }

    /// <summary><c>MPI_Waitany</c>: blocks until one request completes.</summary>
    /// <returns>The index of the completed request, or -1 when none was active.</returns>
    public static unsafe int WaitAny(ReadOnlySpan<Request> requests)
    {
        int n = requests.Length;
        if (n == 0) return -1;
        int[]? rented = n > 64 ? ArrayPool<int>.Shared.Rent(n) : null;
        Span<int> handles = rented ?? stackalloc int[n];
        try
        {
            for (int i = 0; i < n; i++) handles[i] = requests[i].IsCompleted ? MpiAbi.MPI_REQUEST_NULL : requests[i]._handle;
            int index = MpiAbi.MPI_UNDEFINED, rc;
            MpiStatusRaw raw;
            fixed (int* h = handles) rc = MpiNative.MPI_Waitany(n, h, &index, &raw);
            MpiError.Check(rc, "MPI_Waitany");
            if (index == MpiAbi.MPI_UNDEFINED) return -1;
            requests[index].Complete(raw);
            return index;
        }
        finally
        {
            if (rented != null) ArrayPool<int>.Shared.Return(rented);
        }
    }
}
