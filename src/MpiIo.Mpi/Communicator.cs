using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>
/// An MPI communicator (<c>MPI_Comm</c>). Every communicator this binding creates gets
/// <c>MPI_ERRORS_RETURN</c>, so failures come back as <see cref="MpiException"/> instead of aborting.
/// </summary>
/// <remarks>
/// Freeing is collective (<c>MPI_Comm_free</c>) and only happens through <see cref="Dispose"/>; there is
/// no finalizer, because the garbage collector cannot run a collective call on every rank at once.
/// </remarks>
public sealed partial class Communicator : IDisposable
{
    private int _handle;
    private readonly bool _predefined;
    private readonly bool _borrowed; // a handle someone else owns: never freed here

    private Communicator(int handle, bool predefined, bool borrowed = false)
    {
        _handle = handle;
        _predefined = predefined;
        _borrowed = borrowed;
        unsafe
        {
            int r, s;
            MpiError.Check(MpiNative.MPI_Comm_rank(handle, &r));
            MpiError.Check(MpiNative.MPI_Comm_size(handle, &s));
            Rank = r;
            Size = s;
        }
    }

    private static Communicator? s_world, s_self;

    /// <summary><c>MPI_COMM_WORLD</c>.</summary>
    public static Communicator World => s_world ?? throw NotInitialized();

    /// <summary><c>MPI_COMM_SELF</c>.</summary>
    public static Communicator Self => s_self ?? throw NotInitialized();

    internal static void InitPredefined(bool errorsReturn = true)
    {
        // An attached environment leaves the application's error handlers alone.
        if (errorsReturn)
        {
            MpiError.Check(MpiNative.MPI_Comm_set_errhandler(MpiAbi.MPI_COMM_WORLD, MpiAbi.MPI_ERRORS_RETURN));
            MpiError.Check(MpiNative.MPI_Comm_set_errhandler(MpiAbi.MPI_COMM_SELF, MpiAbi.MPI_ERRORS_RETURN));
        }
        s_world = new Communicator(MpiAbi.MPI_COMM_WORLD, predefined: true);
        s_self = new Communicator(MpiAbi.MPI_COMM_SELF, predefined: true);
    }

    internal static void ClearPredefined()
    {
        s_world = null;
        s_self = null;
    }

    private static InvalidOperationException NotInitialized() =>
        new("MPI is not initialised: create an MpiEnvironment first.");

    /// <summary>The raw <c>MPI_Comm</c> handle, for calls outside this binding.</summary>
    public int Handle => _handle != MpiAbi.MPI_COMM_NULL ? _handle : throw new ObjectDisposedException(nameof(Communicator));

    /// <summary><c>MPI_Comm_rank</c>: this process's rank.</summary>
    public int Rank { get; }

    /// <summary><c>MPI_Comm_size</c>: the number of processes.</summary>
    public int Size { get; }

    /// <summary>Whether this is <c>MPI_COMM_WORLD</c> or <c>MPI_COMM_SELF</c>.</summary>
    public bool IsPredefined => _predefined;

    /// <summary>
    /// Wraps a communicator this binding does not own (e.g. one a C program passed in): its error handler is
    /// left as it is and <see cref="Dispose"/> does not free it. <see cref="Dup"/> gives one this binding owns.
    /// </summary>
    public static Communicator FromHandle(int handle) => new(handle, predefined: false, borrowed: true);

    private static Communicator Adopt(int handle)
    {
        MpiError.Check(MpiNative.MPI_Comm_set_errhandler(handle, MpiAbi.MPI_ERRORS_RETURN));
        return new Communicator(handle, predefined: false);
    }

    /// <summary><c>MPI_Comm_dup</c> (collective).</summary>
    public unsafe Communicator Dup()
    {
        int h;
        MpiError.Check(MpiNative.MPI_Comm_dup(Handle, &h));
        return Adopt(h);
    }

    /// <summary><c>MPI_Comm_split</c> (collective).</summary>
    /// <param name="color">Processes with the same color land in one communicator; a negative color (<c>MPI_UNDEFINED</c>) gets none.</param>
    /// <param name="key">Orders the ranks in the new communicator.</param>
    /// <returns>The new communicator, or <c>null</c> for a negative color.</returns>
    public unsafe Communicator? Split(int color, int key)
    {
        int h;
        MpiError.Check(MpiNative.MPI_Comm_split(Handle, color < 0 ? MpiAbi.MPI_UNDEFINED : color, key, &h));
        return h == MpiAbi.MPI_COMM_NULL ? null : Adopt(h);
    }

    /// <summary>
    /// <c>MPI_Comm_split_type(MPI_COMM_TYPE_SHARED)</c> (collective): the processes that can share memory
    /// with this one, i.e. its node. With <c>MPIR_CVAR_NUM_CLIQUES=K</c> MPICH splits one host into K nodes.
    /// </summary>
    public unsafe Communicator SplitShared(int key = 0)
    {
        int h;
        MpiError.Check(MpiNative.MPI_Comm_split_type(Handle, MpiAbi.MPI_COMM_TYPE_SHARED, key, MpiAbi.MPI_INFO_NULL, &h));
        return Adopt(h);
    }

    /// <summary><c>MPI_Comm_compare</c>.</summary>
    public unsafe Comparison Compare(Communicator other)
    {
        int r;
        MpiError.Check(MpiNative.MPI_Comm_compare(Handle, other.Handle, &r));
        return (Comparison)r;
    }

    /// <summary><c>MPI_Comm_group</c>: the group of this communicator; the caller disposes it.</summary>
    public unsafe Group GetGroup()
    {
        int g;
        MpiError.Check(MpiNative.MPI_Comm_group(Handle, &g));
        return new Group(g);
    }

    /// <summary><c>MPI_Abort</c>: ends every process of this communicator.</summary>
    public void Abort(int errorCode) => MpiNative.MPI_Abort(Handle, errorCode);

    /// <summary><c>MPI_Comm_free</c> (collective). A no-op for the predefined communicators and for <see cref="FromHandle"/>.</summary>
    public unsafe void Dispose()
    {
        if (_predefined || _borrowed || _handle == MpiAbi.MPI_COMM_NULL) return;
        int h = _handle;
        _handle = MpiAbi.MPI_COMM_NULL;
        MpiError.Check(MpiNative.MPI_Comm_free(&h));
    }

    /// <inheritdoc/>
    public override string ToString() => $"Communicator(0x{_handle:x8}, rank {Rank} of {Size})";
}
