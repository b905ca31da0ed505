using System.Runtime.InteropServices;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Errors;
using MpiIo.Native.Files;
using MpiIo.Native.Interop;

namespace MpiIo.Native.Requests;

/// <summary>
/// The <c>MPI_Request</c>s of nonblocking file calls: MPICH generalized requests, so the application's
/// <c>MPI_Wait</c>, <c>MPI_Test</c> and <c>MPI_Waitall</c> work on them. A request carries a GC handle to
/// its outcome; the query callback fills the status from it, the free callback releases it.
/// </summary>
internal static unsafe class FileRequests
{
    private sealed class Outcome
    {
        public long Bytes;
        public int Error;
    }

    /// <summary>A request that is already complete: the access ran in the call that started it.</summary>
    public static int Completed(long bytes)
    {
        var outcome = new Outcome { Bytes = bytes };
        int request = Start(outcome);
        MpiError.Check(Mpich.MPI_Grequest_complete(request));
        return request;
    }

    /// <summary>
    /// A request completed when <paramref name="access"/> finishes on its own thread (under
    /// MPI_THREAD_MULTIPLE only: completing from another thread is an MPI call there).
    /// </summary>
    public static int Running(IoRequest access)
    {
        var outcome = new Outcome();
        int request = Start(outcome);
        // The wait blocks a pool thread, not the application; completion is announced from there.
        _ = Task.Run(() =>
        {
            try { outcome.Bytes = access.Wait().Bytes; }
            catch (Exception e) { outcome.Error = ErrorCodes.Of(e); }
            Mpich.MPI_Grequest_complete(request);
        });
        return request;
    }

    private static int Start(Outcome outcome)
    {
        var gc = GCHandle.Alloc(outcome);
        int request;
        int rc = Mpich.MPI_Grequest_start(
            (IntPtr)(delegate* unmanaged<void*, MpiStatusRaw*, int>)&Query,
            (IntPtr)(delegate* unmanaged<void*, int>)&Free,
            (IntPtr)(delegate* unmanaged<void*, int, int>)&Cancel,
            (void*)GCHandle.ToIntPtr(gc), &request);
        if (rc != MpiAbi.MPI_SUCCESS)
        {
            gc.Free();
            MpiError.Check(rc);
        }
        return request;
    }

    [UnmanagedCallersOnly]
    private static int Query(void* state, MpiStatusRaw* status)
    {
        try
        {
            var outcome = (Outcome)GCHandle.FromIntPtr((IntPtr)state).Target!;
            Statuses.Set(status, outcome.Error == 0 ? outcome.Bytes : 0);
            if (status != null && status != Statuses.Ignore)
            {
                status->Source = MpiAbi.MPI_UNDEFINED;
                status->Tag = MpiAbi.MPI_UNDEFINED;
            }
            return outcome.Error;
        }
        catch (Exception e)
        {
            return ErrorCodes.Of(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Free(void* state)
    {
        try
        {
            GCHandle.FromIntPtr((IntPtr)state).Free();
            return MpiAbi.MPI_SUCCESS;
        }
        catch (Exception e)
        {
            return ErrorCodes.Of(e);
        }
    }

    // File accesses cannot be cancelled once started; MPI lets cancel of such a request do nothing.
    [UnmanagedCallersOnly]
    private static int Cancel(void* state, int complete) => MpiAbi.MPI_SUCCESS;
}
