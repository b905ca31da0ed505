using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>
/// An MPI one-sided window (<c>MPI_Win</c>) whose memory MPI allocated: either node-shared
/// (<c>MPI_Win_allocate_shared</c>, every rank of the node can load and store the others' segments
/// directly) or private (<c>MPI_Win_allocate</c>). Offers synchronisation (fence, lock/unlock, sync,
/// flush) and the atomics <c>MPI_Fetch_and_op</c> and <c>MPI_Compare_and_swap</c>.
/// </summary>
/// <remarks>
/// Freeing is collective and happens only through <see cref="Dispose"/>; no finalizer.
/// The RMA calls that take managed buffers (<see cref="FetchAndOp{T}"/>, <see cref="CompareAndSwap{T}"/>,
/// <see cref="Get{T}"/>, <see cref="Put{T}"/>, <see cref="Accumulate{T}"/>) complete locally before they return
/// (<c>MPI_Win_flush_local</c>), because the buffer is only pinned for the call; they therefore need a
/// passive-target epoch (<see cref="Lock"/> or <see cref="LockAll"/>). Remote completion still needs
/// <see cref="Flush"/> or an unlock.
/// </remarks>
public sealed unsafe class Window : IDisposable
{
    private int _handle;
    private readonly byte* _base;

    private Window(int handle, byte* @base, long size, int dispUnit, bool shared, Communicator comm)
    {
        _handle = handle;
        _base = @base;
        LocalSize = size;
        DisplacementUnit = dispUnit;
        IsShared = shared;
        Communicator = comm;
    }

    /// <summary><c>MPI_Win_allocate_shared</c> (collective over a communicator whose ranks share memory, e.g. <see cref="Communicator.SplitShared"/>).</summary>
    /// <param name="comm">The ranks of one node.</param>
    /// <param name="localBytes">This rank's segment size (may be 0).</param>
    /// <param name="dispUnit">The unit of target displacements in atomics.</param>
    /// <param name="info">Hints, e.g. <c>alloc_shared_noncontig</c>.</param>
    public static Window AllocateShared(Communicator comm, long localBytes, int dispUnit = 1, MpiInfo? info = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(dispUnit, 1);
        byte* p = null;
        int w;
        MpiError.Check(MpiNative.MPI_Win_allocate_shared((nint)localBytes, dispUnit, info?.Handle ?? MpiAbi.MPI_INFO_NULL, comm.Handle, &p, &w));
        MpiError.Check(MpiNative.MPI_Win_set_errhandler(w, MpiAbi.MPI_ERRORS_RETURN));
        return new Window(w, p, localBytes, dispUnit, shared: true, comm);
    }

    /// <summary><c>MPI_Win_allocate</c> (collective): a window for one-sided access and atomics.</summary>
    public static Window Allocate(Communicator comm, long localBytes, int dispUnit = 1, MpiInfo? info = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(dispUnit, 1);
        byte* p = null;
        int w;
        MpiError.Check(MpiNative.MPI_Win_allocate((nint)localBytes, dispUnit, info?.Handle ?? MpiAbi.MPI_INFO_NULL, comm.Handle, &p, &w));
        MpiError.Check(MpiNative.MPI_Win_set_errhandler(w, MpiAbi.MPI_ERRORS_RETURN));
        return new Window(w, p, localBytes, dispUnit, shared: false, comm);
    }

    /// <summary>
    /// <c>MPI_Win_create</c> (collective) over <paramref name="localBytes"/> bytes of native memory this binding
    /// allocates and zero-fills; <paramref name="initialize"/> may set them before the window exists, so no other
    /// rank can see them uninitialised. The memory is freed with the window.
    /// </summary>
    public static Window Create(Communicator comm, long localBytes, int dispUnit = 1, Action<Span<byte>>? initialize = null, MpiInfo? info = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(dispUnit, 1);
        byte* p = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)Math.Max(1, localBytes));
        initialize?.Invoke(new Span<byte>(p, checked((int)localBytes)));
        int w;
        int rc = MpiNative.MPI_Win_create(p, (nint)localBytes, dispUnit, info?.Handle ?? MpiAbi.MPI_INFO_NULL, comm.Handle, &w);
        if (rc != MpiAbi.MPI_SUCCESS)
        {
            System.Runtime.InteropServices.NativeMemory.Free(p);
            MpiError.Check(rc, "MPI_Win_create");
        }
        MpiError.Check(MpiNative.MPI_Win_set_errhandler(w, MpiAbi.MPI_ERRORS_RETURN));
        return new Window(w, p, localBytes, dispUnit, shared: false, comm) { _ownedMemory = true };
    }

    private bool _ownedMemory;

    /// <summary>The raw handle.</summary>
    public int Handle => _handle != MpiAbi.MPI_WIN_NULL ? _handle : throw new ObjectDisposedException(nameof(Window), "The window was freed.");

    /// <summary>The communicator the window was created over.</summary>
    public Communicator Communicator { get; }

    /// <summary>Whether the window's memory is shared by the node's ranks.</summary>
    public bool IsShared { get; }

    /// <summary>This rank's segment size in bytes.</summary>
    public long LocalSize { get; }

    /// <summary>The displacement unit given at creation.</summary>
    public int DisplacementUnit { get; }

    /// <summary>A pointer to this rank's segment.</summary>
    public byte* LocalPointer { get { _ = Handle; return _base; } }

    /// <summary>This rank's segment (at most 2 GiB; use <see cref="LocalPointer"/> beyond that).</summary>
    public Span<byte> LocalSpan => new(LocalPointer, checked((int)LocalSize));

    /// <summary><c>MPI_Win_shared_query</c>: the segment of <paramref name="rank"/> (or, with -1 (<c>MPI_PROC_NULL</c>), the first non-empty one).</summary>
    public (nint Pointer, long Size, int DisplacementUnit) SharedQuery(int rank)
    {
        if (!IsShared) throw new InvalidOperationException("SharedQuery needs a window from AllocateShared.");
        nint size;
        int unit;
        byte* p;
        MpiError.Check(MpiNative.MPI_Win_shared_query(Handle, rank, &size, &unit, &p));
        return ((nint)p, size, unit);
    }

    /// <summary>The segment of <paramref name="rank"/> as a span (loads and stores go straight to shared memory).</summary>
    public Span<byte> SharedSpan(int rank)
    {
        var (p, size, _) = SharedQuery(rank);
        return new Span<byte>((void*)p, checked((int)size));
    }

    /// <summary><c>MPI_Win_fence</c> (collective): closes and opens an access epoch.</summary>
    public void Fence(int assert = 0) => MpiError.Check(MpiNative.MPI_Win_fence(assert, Handle));

    /// <summary><c>MPI_Win_lock</c>: starts a passive-target epoch on <paramref name="rank"/>.</summary>
    public void Lock(LockType type, int rank, int assert = 0) => MpiError.Check(MpiNative.MPI_Win_lock((int)type, rank, assert, Handle));

    /// <summary><c>MPI_Win_unlock</c>.</summary>
    public void Unlock(int rank) => MpiError.Check(MpiNative.MPI_Win_unlock(rank, Handle));

    /// <summary><c>MPI_Win_lock_all</c>: a shared passive-target epoch on every rank.</summary>
    public void LockAll(int assert = 0) => MpiError.Check(MpiNative.MPI_Win_lock_all(assert, Handle));

    /// <summary><c>MPI_Win_unlock_all</c>.</summary>
    public void UnlockAll() => MpiError.Check(MpiNative.MPI_Win_unlock_all(Handle));

    /// <summary><c>MPI_Win_sync</c>: synchronises the public and private copies (a memory barrier for shared windows).</summary>
    public void Sync() => MpiError.Check(MpiNative.MPI_Win_sync(Handle));

    /// <summary><c>MPI_Win_flush</c>: completes this rank's pending operations to <paramref name="rank"/>.</summary>
    public void Flush(int rank) => MpiError.Check(MpiNative.MPI_Win_flush(rank, Handle));

    /// <summary><c>MPI_Win_flush_all</c>.</summary>
    public void FlushAll() => MpiError.Check(MpiNative.MPI_Win_flush_all(Handle));

    /// <summary><c>MPI_Fetch_and_op</c>: atomically applies <paramref name="op"/> with <paramref name="value"/> to the element at <paramref name="displacement"/> of <paramref name="rank"/> and returns the old value. Needs an open epoch.</summary>
    public T FetchAndOp<T>(T value, int rank, long displacement, Op op) where T : unmanaged
    {
        if (op != Op.NoOp && op != Op.Replace) MpiType<T>.RequireReducible();
        T result;
        MpiError.Check(MpiNative.MPI_Fetch_and_op(&value, &result, MpiType<T>.Handle, rank, (nint)displacement, (int)op, Handle));
        MpiError.Check(MpiNative.MPI_Win_flush_local(rank, Handle));
        return result;
    }

    /// <summary><c>MPI_Compare_and_swap</c>: stores <paramref name="value"/> if the target equals <paramref name="compare"/>; returns the old value. Needs an open epoch.</summary>
    public T CompareAndSwap<T>(T value, T compare, int rank, long displacement) where T : unmanaged
    {
        MpiType<T>.RequireReducible();
        T result;
        MpiError.Check(MpiNative.MPI_Compare_and_swap(&value, &compare, &result, MpiType<T>.Handle, rank, (nint)displacement, Handle));
        MpiError.Check(MpiNative.MPI_Win_flush_local(rank, Handle));
        return result;
    }

    /// <summary><c>MPI_Accumulate</c> of a span into <paramref name="rank"/>'s window at <paramref name="displacement"/>.</summary>
    public void Accumulate<T>(ReadOnlySpan<T> values, int rank, long displacement, Op op) where T : unmanaged
    {
        if (op != Op.Replace) MpiType<T>.RequireReducible();
        int t = MpiType<T>.Handle;
        fixed (T* p = values)
        {
            MpiError.Check(MpiNative.MPI_Accumulate(p, values.Length, t, rank, (nint)displacement, values.Length, t, (int)op, Handle));
            MpiError.Check(MpiNative.MPI_Win_flush_local(rank, Handle));
        }
    }

    /// <summary><c>MPI_Put</c>.</summary>
    public void Put<T>(ReadOnlySpan<T> values, int rank, long displacement) where T : unmanaged
    {
        int t = MpiType<T>.Handle;
        fixed (T* p = values)
        {
            MpiError.Check(MpiNative.MPI_Put(p, values.Length, t, rank, (nint)displacement, values.Length, t, Handle));
            MpiError.Check(MpiNative.MPI_Win_flush_local(rank, Handle));
        }
    }

    /// <summary><c>MPI_Get</c>.</summary>
    public void Get<T>(Span<T> buffer, int rank, long displacement) where T : unmanaged
    {
        int t = MpiType<T>.Handle;
        fixed (T* p = buffer)
        {
            MpiError.Check(MpiNative.MPI_Get(p, buffer.Length, t, rank, (nint)displacement, buffer.Length, t, Handle));
            MpiError.Check(MpiNative.MPI_Win_flush_local(rank, Handle));
        }
    }

    /// <summary>Whether <see cref="Dispose"/> was called.</summary>
    public bool IsDisposed => _handle == MpiAbi.MPI_WIN_NULL;

    /// <summary><c>MPI_Win_free</c> (collective).</summary>
    public void Dispose()
    {
        if (_handle == MpiAbi.MPI_WIN_NULL) return;
        int h = _handle;
        _handle = MpiAbi.MPI_WIN_NULL;
        int rc = MpiNative.MPI_Win_free(&h);
        if (_ownedMemory && rc == MpiAbi.MPI_SUCCESS) System.Runtime.InteropServices.NativeMemory.Free(_base);
        MpiError.Check(rc, "MPI_Win_free");
    }
}
