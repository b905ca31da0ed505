using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Datatypes;
using MpiIo.Native.Files;
using MpiIo.Native.Interop;

namespace MpiIo.Native.Runtime;

/// <summary>
/// The library's life in the host program. The first MPI_File call attaches to the MPI the program
/// initialised (<see cref="MpiEnvironment.Attach"/>: no MPI_Init, no MPI_Finalize, the program's error
/// handlers untouched) and puts an attribute on MPI_COMM_SELF whose delete callback runs at the start of
/// the program's <c>MPI_Finalize</c>: there every file left open is closed and every MPI object MpiIo holds
/// (windows, communicators, datatypes) is freed while MPI still works. A datatype keyval watches the
/// application's derived types so the decoded-type cache forgets a handle when MPICH frees it.
/// </summary>
internal static unsafe class Session
{
    private static readonly object s_gate = new();
    private static volatile MpiEnvironment? s_environment;
    private static volatile bool s_finalized;
    private static int s_typeKeyval;

    /// <summary>The open files by C handle.</summary>
    public static HandleTable<NativeFile> Files { get; } = new();

    /// <summary>The application's datatypes, decoded.</summary>
    public static TypeCache Types { get; } = new(new MpichTypeSource(), Watch);

    /// <summary>The thread level the program's MPI provides (valid after <see cref="Ensure"/>).</summary>
    public static ThreadLevel ThreadLevel => s_environment?.Provided ?? ThreadLevel.Single;

    /// <summary>Attaches on first use.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Other"/> before MPI_Init or after MPI_Finalize.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Ensure()
    {
        if (s_environment == null) Attach();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Attach()
    {
        lock (s_gate)
        {
            if (s_environment != null) return;
            if (s_finalized) throw new MpiException(ErrorClass.Other, "MPI_File calls are not allowed after MPI_Finalize.");
            MpiEnvironment env;
            try { env = MpiEnvironment.Attach(); }
            catch (InvalidOperationException e) { throw new MpiException(ErrorClass.Other, e.Message, e); }
            int selfKeyval, typeKeyval;
            MpiError.Check(Mpich.MPI_Comm_create_keyval(0, (IntPtr)(delegate* unmanaged<int, int, void*, void*, int>)&OnFinalize, &selfKeyval, null));
            MpiError.Check(Mpich.MPI_Type_create_keyval(0, (IntPtr)(delegate* unmanaged<int, int, void*, void*, int>)&OnTypeFree, &typeKeyval, null));
            MpiError.Check(Mpich.MPI_Comm_set_attr(MpiAbi.MPI_COMM_SELF, selfKeyval, null));
            // The keyval can go at once: the attribute keeps it alive until MPI_Finalize deletes it.
            MpiError.Check(Mpich.MPI_Comm_free_keyval(&selfKeyval));
            s_typeKeyval = typeKeyval;
            s_environment = env;
        }
    }

    private static void Watch(int datatype)
    {
        if (s_typeKeyval != 0) MpiError.Check(Mpich.MPI_Type_set_attr(datatype, s_typeKeyval, null));
    }

    [UnmanagedCallersOnly]
    private static int OnTypeFree(int datatype, int keyval, void* value, void* extra)
    {
        Types.Forget(datatype);
        return MpiAbi.MPI_SUCCESS;
    }

    [UnmanagedCallersOnly]
    private static int OnFinalize(int comm, int keyval, void* value, void* extra)
    {
        try
        {
            Shutdown();
            return MpiAbi.MPI_SUCCESS;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"MpiIo: cleaning up at MPI_Finalize failed: {e.Message}");
            return Errors.ErrorCodes.Of(e);
        }
    }

    /// <summary>Closes what the program left open and frees every MPI object MpiIo holds.</summary>
    private static void Shutdown()
    {
        lock (s_gate)
        {
            s_finalized = true;
            Exception? first = null;
            // A file the program did not close is closed here: every rank reaches MPI_Finalize, in the same
            // order of opens, so the collective closes match up.
            foreach (var (handle, file) in Files.Live())
            {
                try { FileLifetime.Close(handle, file); }
                catch (Exception e) { first ??= e; }
            }
            if (s_typeKeyval != 0)
            {
                int k = s_typeKeyval;
                s_typeKeyval = 0;
                Mpich.MPI_Type_free_keyval(&k);
            }
            s_environment?.Dispose();
            s_environment = null;
            if (first != null) throw first;
        }
    }
}
