using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

// Point-to-point messaging. Blocking calls take spans; nonblocking calls take Memory<T> and keep it
// pinned inside the returned Request until it completes.
public sealed partial class Communicator
{
    /// <summary><c>MPI_ANY_SOURCE</c>.</summary>
    public const int AnySource = MpiAbi.MPI_ANY_SOURCE;
    /// <summary><c>MPI_ANY_TAG</c>.</summary>
    public const int AnyTag = MpiAbi.MPI_ANY_TAG;
    /// <summary><c>MPI_PROC_NULL</c>.</summary>
    public const int ProcNull = MpiAbi.MPI_PROC_NULL;

    /// <summary><c>MPI_Send</c>.</summary>
    public unsafe void Send<T>(ReadOnlySpan<T> values, int dest, int tag) where T : unmanaged
    {
        fixed (T* p = values)
            MpiError.Check(MpiNative.MPI_Send(p, values.Length, MpiType<T>.Handle, dest, tag, Handle));
    }

    /// <summary><c>MPI_Recv</c>: receives at most <c>buffer.Length</c> elements.</summary>
    public unsafe Status Recv<T>(Span<T> buffer, int source, int tag) where T : unmanaged
    {
        MpiStatusRaw raw;
        fixed (T* p = buffer)
            MpiError.Check(MpiNative.MPI_Recv(p, buffer.Length, MpiType<T>.Handle, source, tag, Handle, &raw));
        return new Status(raw);
    }

    /// <summary><c>MPI_Sendrecv</c>.</summary>
    public unsafe Status Sendrecv<T>(ReadOnlySpan<T> values, int dest, int sendTag, Span<T> buffer, int source, int recvTag) where T : unmanaged
    {
        MpiStatusRaw raw;
        int t = MpiType<T>.Handle;
        fixed (T* s = values)
        fixed (T* r = buffer)
            MpiError.Check(MpiNative.MPI_Sendrecv(s, values.Length, t, dest, sendTag, r, buffer.Length, t, source, recvTag, Handle, &raw));
        return new Status(raw);
    }

    /// <summary><c>MPI_Isend</c>: <paramref name="values"/> stays pinned until the request completes.</summary>
    public unsafe Request Isend<T>(ReadOnlyMemory<T> values, int dest, int tag) where T : unmanaged
    {
        var pin = values.Pin();
        int req;
        int rc = MpiNative.MPI_Isend(pin.Pointer, values.Length, MpiType<T>.Handle, dest, tag, Handle, &req);
        if (rc != MpiAbi.MPI_SUCCESS) { pin.Dispose(); MpiError.Check(rc, "MPI_Isend"); }
        return new Request(req, pin);
    }

    /// <summary><c>MPI_Irecv</c>: <paramref name="buffer"/> stays pinned until the request completes.</summary>
    public unsafe Request Irecv<T>(Memory<T> buffer, int source, int tag) where T : unmanaged
    {
        var pin = buffer.Pin();
        int req;
        int rc = MpiNative.MPI_Irecv(pin.Pointer, buffer.Length, MpiType<T>.Handle, source, tag, Handle, &req);
        if (rc != MpiAbi.MPI_SUCCESS) { pin.Dispose(); MpiError.Check(rc, "MPI_Irecv"); }
        return new Request(req, pin);
    }

    /// <summary><c>MPI_Isend</c> of raw bytes the caller keeps pinned (and unchanged) until the request completes.</summary>
    public unsafe Request Isend(void* buffer, int bytes, int dest, int tag)
    {
        int req;
        MpiError.Check(MpiNative.MPI_Isend(buffer, bytes, MpiAbi.MPI_BYTE, dest, tag, Handle, &req));
        return new Request(req, default);
    }

    /// <summary><c>MPI_Irecv</c> into raw bytes the caller keeps pinned until the request completes.</summary>
    public unsafe Request Irecv(void* buffer, int bytes, int source, int tag)
    {
        int req;
        MpiError.Check(MpiNative.MPI_Irecv(buffer, bytes, MpiAbi.MPI_BYTE, source, tag, Handle, &req));
        return new Request(req, default);
    }

    /// <summary><c>MPI_Recv</c> into raw bytes.</summary>
    public unsafe Status Recv(void* buffer, int bytes, int source, int tag)
    {
        MpiStatusRaw raw;
        MpiError.Check(MpiNative.MPI_Recv(buffer, bytes, MpiAbi.MPI_BYTE, source, tag, Handle, &raw));
        return new Status(raw);
    }

    /// <summary><c>MPI_Ibarrier</c>.</summary>
    public unsafe Request Ibarrier()
    {
        int req;
        MpiError.Check(MpiNative.MPI_Ibarrier(Handle, &req));
        return new Request(req, default);
    }

    /// <summary><c>MPI_Probe</c>: blocks until a matching message can be received, without receiving it.</summary>
    public unsafe Status Probe(int source, int tag)
    {
        MpiStatusRaw raw;
        MpiError.Check(MpiNative.MPI_Probe(source, tag, Handle, &raw));
        return new Status(raw);
    }

    /// <summary><c>MPI_Iprobe</c>.</summary>
    /// <returns>Whether a matching message is waiting; <paramref name="status"/> describes it.</returns>
    public unsafe bool Iprobe(int source, int tag, out Status status)
    {
        MpiStatusRaw raw = default;
        int flag;
        MpiError.Check(MpiNative.MPI_Iprobe(source, tag, Handle, &flag, &raw));
        status = new Status(raw);
        return flag != 0;
    }
}
