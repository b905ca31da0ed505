using System.Reflection;
using System.Runtime.InteropServices;

namespace MpiIo.Mpi.Native;

/// <summary>
/// Raw entry points of MPICH's C ABI. Every function returns an MPI error code; callers go through
/// <see cref="MpiError.Check"/>. The library is found by <see cref="Resolve"/>: the file named by
/// <c>MPIIO_LIBMPI</c>, else <c>libmpich.so.12</c>, else <c>libmpi.so.12</c>.
/// </summary>
internal static unsafe partial class MpiNative
{
    private const string Lib = "mpich";

    /// <summary>Environment variable naming another library of the MPICH ABI.</summary>
    public const string LibraryVariable = "MPIIO_LIBMPI";

    static MpiNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(MpiNative).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Lib ? Load() : IntPtr.Zero;

    private static IntPtr s_library;

    /// <summary>
    /// The MPI library's handle, loaded once. In a process that already has MPICH loaded (a C program with
    /// this code preloaded) the loader hands back that same instance, so there is one MPI state.
    /// </summary>
    internal static IntPtr Load()
    {
        if (s_library == IntPtr.Zero) s_library = Open();
        return s_library;
    }

    private static IntPtr Open()
    {
        var chosen = Environment.GetEnvironmentVariable(LibraryVariable);
        if (!string.IsNullOrEmpty(chosen))
        {
            if (NativeLibrary.TryLoad(chosen, out var h)) return h;
            throw new DllNotFoundException($"{LibraryVariable}={chosen} could not be loaded as an MPI library.");
        }
        foreach (var candidate in new[] { "libmpich.so.12", "libmpi.so.12", "libmpich.so" })
            if (NativeLibrary.TryLoad(candidate, out var h)) return h;
        throw new DllNotFoundException(
            "MPICH's libmpich.so.12 was not found. Install it (apt-get install mpich libmpich-dev) " +
            $"or name a library of the MPICH ABI in {LibraryVariable}.");
    }

    // Environment.
    [LibraryImport(Lib)] public static partial int MPI_Init_thread(int* argc, byte*** argv, int required, int* provided);
    [LibraryImport(Lib)] public static partial int MPI_Initialized(int* flag);
    [LibraryImport(Lib)] public static partial int MPI_Finalized(int* flag);
    [LibraryImport(Lib)] public static partial int MPI_Finalize();
    [LibraryImport(Lib)] public static partial int MPI_Abort(int comm, int errorcode);
    [LibraryImport(Lib)] public static partial int MPI_Get_version(int* version, int* subversion);
    [LibraryImport(Lib)] public static partial int MPI_Get_library_version(byte* version, int* resultlen);
    [LibraryImport(Lib)] public static partial int MPI_Get_processor_name(byte* name, int* resultlen);
    [LibraryImport(Lib)] public static partial double MPI_Wtime();
    [LibraryImport(Lib)] public static partial double MPI_Wtick();
    [LibraryImport(Lib)] public static partial int MPI_Query_thread(int* provided);

    // Errors.
    [LibraryImport(Lib)] public static partial int MPI_Error_class(int errorcode, int* errorclass);
    [LibraryImport(Lib)] public static partial int MPI_Error_string(int errorcode, byte* str, int* resultlen);
    [LibraryImport(Lib)] public static partial int MPI_Comm_set_errhandler(int comm, int errhandler);
    [LibraryImport(Lib)] public static partial int MPI_Win_set_errhandler(int win, int errhandler);

    // Datatypes (what the binding itself needs; the I/O layer builds its own type model).
    [LibraryImport(Lib)] public static partial int MPI_Type_size(int datatype, int* size);
    [LibraryImport(Lib)] public static partial int MPI_Type_contiguous(int count, int oldtype, int* newtype);
    [LibraryImport(Lib)] public static partial int MPI_Type_commit(int* datatype);
    [LibraryImport(Lib)] public static partial int MPI_Type_free(int* datatype);
    [LibraryImport(Lib)] public static partial int MPI_Get_count(MpiStatusRaw* status, int datatype, int* count);
    [LibraryImport(Lib)] public static partial int MPI_Status_set_elements(MpiStatusRaw* status, int datatype, int count);

    // Communicators and groups.
    [LibraryImport(Lib)] public static partial int MPI_Comm_rank(int comm, int* rank);
    [LibraryImport(Lib)] public static partial int MPI_Comm_size(int comm, int* size);
    [LibraryImport(Lib)] public static partial int MPI_Comm_dup(int comm, int* newcomm);
    [LibraryImport(Lib)] public static partial int MPI_Comm_split(int comm, int color, int key, int* newcomm);
    [LibraryImport(Lib)] public static partial int MPI_Comm_split_type(int comm, int splitType, int key, int info, int* newcomm);
    [LibraryImport(Lib)] public static partial int MPI_Comm_free(int* comm);
    [LibraryImport(Lib)] public static partial int MPI_Comm_compare(int comm1, int comm2, int* result);
    [LibraryImport(Lib)] public static partial int MPI_Comm_group(int comm, int* group);
    [LibraryImport(Lib)] public static partial int MPI_Group_size(int group, int* size);
    [LibraryImport(Lib)] public static partial int MPI_Group_rank(int group, int* rank);
    [LibraryImport(Lib)] public static partial int MPI_Group_translate_ranks(int group1, int n, int* ranks1, int group2, int* ranks2);
    [LibraryImport(Lib)] public static partial int MPI_Group_compare(int group1, int group2, int* result);
    [LibraryImport(Lib)] public static partial int MPI_Group_free(int* group);

    // Point to point.
    [LibraryImport(Lib)] public static partial int MPI_Send(void* buf, int count, int datatype, int dest, int tag, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Recv(void* buf, int count, int datatype, int source, int tag, int comm, MpiStatusRaw* status);
    [LibraryImport(Lib)] public static partial int MPI_Sendrecv(void* sendbuf, int sendcount, int sendtype, int dest, int sendtag,
        void* recvbuf, int recvcount, int recvtype, int source, int recvtag, int comm, MpiStatusRaw* status);
    [LibraryImport(Lib)] public static partial int MPI_Isend(void* buf, int count, int datatype, int dest, int tag, int comm, int* request);
    [LibraryImport(Lib)] public static partial int MPI_Irecv(void* buf, int count, int datatype, int source, int tag, int comm, int* request);
    [LibraryImport(Lib)] public static partial int MPI_Wait(int* request, MpiStatusRaw* status);
    [LibraryImport(Lib)] public static partial int MPI_Test(int* request, int* flag, MpiStatusRaw* status);
    [LibraryImport(Lib)] public static partial int MPI_Waitall(int count, int* requests, MpiStatusRaw* statuses);
    [LibraryImport(Lib)] public static partial int MPI_Waitany(int count, int* requests, int* index, MpiStatusRaw* status);
    [LibraryImport(Lib)] public static partial int MPI_Testall(int count, int* requests, int* flag, MpiStatusRaw* statuses);
    [LibraryImport(Lib)] public static partial int MPI_Request_free(int* request);
    [LibraryImport(Lib)] public static partial int MPI_Cancel(int* request);
    [LibraryImport(Lib)] public static partial int MPI_Probe(int source, int tag, int comm, MpiStatusRaw* status);
    [LibraryImport(Lib)] public static partial int MPI_Iprobe(int source, int tag, int comm, int* flag, MpiStatusRaw* status);

    // Collectives.
    [LibraryImport(Lib)] public static partial int MPI_Barrier(int comm);
    [LibraryImport(Lib)] public static partial int MPI_Ibarrier(int comm, int* request);
    [LibraryImport(Lib)] public static partial int MPI_Bcast(void* buffer, int count, int datatype, int root, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Reduce(void* sendbuf, void* recvbuf, int count, int datatype, int op, int root, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Allreduce(void* sendbuf, void* recvbuf, int count, int datatype, int op, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Iallreduce(void* sendbuf, void* recvbuf, int count, int datatype, int op, int comm, int* request);
    [LibraryImport(Lib)] public static partial int MPI_Scan(void* sendbuf, void* recvbuf, int count, int datatype, int op, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Exscan(void* sendbuf, void* recvbuf, int count, int datatype, int op, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Gather(void* sendbuf, int sendcount, int sendtype, void* recvbuf, int recvcount, int recvtype, int root, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Gatherv(void* sendbuf, int sendcount, int sendtype, void* recvbuf, int* recvcounts, int* displs, int recvtype, int root, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Allgather(void* sendbuf, int sendcount, int sendtype, void* recvbuf, int recvcount, int recvtype, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Allgatherv(void* sendbuf, int sendcount, int sendtype, void* recvbuf, int* recvcounts, int* displs, int recvtype, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Scatter(void* sendbuf, int sendcount, int sendtype, void* recvbuf, int recvcount, int recvtype, int root, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Scatterv(void* sendbuf, int* sendcounts, int* displs, int sendtype, void* recvbuf, int recvcount, int recvtype, int root, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Alltoall(void* sendbuf, int sendcount, int sendtype, void* recvbuf, int recvcount, int recvtype, int comm);
    [LibraryImport(Lib)] public static partial int MPI_Alltoallv(void* sendbuf, int* sendcounts, int* sdispls, int sendtype, void* recvbuf, int* recvcounts, int* rdispls, int recvtype, int comm);

    // One-sided: windows and atomics.
    [LibraryImport(Lib)] public static partial int MPI_Win_allocate_shared(nint size, int dispUnit, int info, int comm, void* baseptr, int* win);
    [LibraryImport(Lib)] public static partial int MPI_Win_allocate(nint size, int dispUnit, int info, int comm, void* baseptr, int* win);
    [LibraryImport(Lib)] public static partial int MPI_Win_create(void* @base, nint size, int dispUnit, int info, int comm, int* win);
    [LibraryImport(Lib)] public static partial int MPI_Win_shared_query(int win, int rank, nint* size, int* dispUnit, void* baseptr);
    [LibraryImport(Lib)] public static partial int MPI_Win_fence(int assert, int win);
    [LibraryImport(Lib)] public static partial int MPI_Win_lock(int lockType, int rank, int assert, int win);
    [LibraryImport(Lib)] public static partial int MPI_Win_unlock(int rank, int win);
    [LibraryImport(Lib)] public static partial int MPI_Win_lock_all(int assert, int win);
    [LibraryImport(Lib)] public static partial int MPI_Win_unlock_all(int win);
    [LibraryImport(Lib)] public static partial int MPI_Win_sync(int win);
    [LibraryImport(Lib)] public static partial int MPI_Win_flush(int rank, int win);
    [LibraryImport(Lib)] public static partial int MPI_Win_flush_all(int win);
    [LibraryImport(Lib)] public static partial int MPI_Win_flush_local(int rank, int win);
    [LibraryImport(Lib)] public static partial int MPI_Win_free(int* win);
    [LibraryImport(Lib)] public static partial int MPI_Fetch_and_op(void* originAddr, void* resultAddr, int datatype, int targetRank, nint targetDisp, int op, int win);
    [LibraryImport(Lib)] public static partial int MPI_Compare_and_swap(void* originAddr, void* compareAddr, void* resultAddr, int datatype, int targetRank, nint targetDisp, int win);
    [LibraryImport(Lib)] public static partial int MPI_Accumulate(void* originAddr, int originCount, int originType, int targetRank, nint targetDisp, int targetCount, int targetType, int op, int win);
    [LibraryImport(Lib)] public static partial int MPI_Put(void* originAddr, int originCount, int originType, int targetRank, nint targetDisp, int targetCount, int targetType, int win);
    [LibraryImport(Lib)] public static partial int MPI_Get(void* originAddr, int originCount, int originType, int targetRank, nint targetDisp, int targetCount, int targetType, int win);

    // Info.
    [LibraryImport(Lib)] public static partial int MPI_Info_create(int* info);
    [LibraryImport(Lib)] public static partial int MPI_Info_dup(int info, int* newinfo);
    [LibraryImport(Lib)] public static partial int MPI_Info_set(int info, byte* key, byte* value);
    [LibraryImport(Lib)] public static partial int MPI_Info_get(int info, byte* key, int valuelen, byte* value, int* flag);
    [LibraryImport(Lib)] public static partial int MPI_Info_get_valuelen(int info, byte* key, int* valuelen, int* flag);
    [LibraryImport(Lib)] public static partial int MPI_Info_delete(int info, byte* key);
    [LibraryImport(Lib)] public static partial int MPI_Info_get_nkeys(int info, int* nkeys);
    [LibraryImport(Lib)] public static partial int MPI_Info_get_nthkey(int info, int n, byte* key);
    [LibraryImport(Lib)] public static partial int MPI_Info_free(int* info);
}
