using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>The outcome of a receive or a completed request (<c>MPI_Status</c>).</summary>
public readonly struct Status
{
    private readonly MpiStatusRaw _raw;

    /// <summary>Wraps a raw MPICH status.</summary>
    public Status(MpiStatusRaw raw) => _raw = raw;

    /// <summary><c>MPI_SOURCE</c>: the sender's rank.</summary>
    public int Source => _raw.Source;
    /// <summary><c>MPI_TAG</c>: the message tag.</summary>
    public int Tag => _raw.Tag;
    /// <summary><c>MPI_ERROR</c>.</summary>
    public int Error => _raw.Error;
    /// <summary>Bytes received (<c>MPI_Get_count</c> with <c>MPI_BYTE</c>).</summary>
    public long ByteCount => _raw.ByteCount;
    /// <summary><c>MPI_Test_cancelled</c>.</summary>
    public bool Cancelled => _raw.Cancelled;
    /// <summary>The raw status, for calls that take one.</summary>
    public MpiStatusRaw Raw => _raw;

    /// <summary><c>MPI_Get_count</c>: whole elements of <typeparamref name="T"/> received, or -1 (<c>MPI_UNDEFINED</c>) for a partial element.</summary>
    public int GetCount<T>() where T : unmanaged
    {
        unsafe
        {
            long bytes = ByteCount;
            return bytes % sizeof(T) == 0 ? checked((int)(bytes / sizeof(T))) : MpiAbi.MPI_UNDEFINED;
        }
    }
}
