using System.Text;
using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>
/// The MPI environment of this process: <c>MPI_Init_thread</c> on construction, <c>MPI_Finalize</c> on
/// <see cref="Dispose"/>. One per process, created before any other MPI call.
/// </summary>
public sealed class MpiEnvironment : IDisposable
{
    private static MpiEnvironment? s_current;
    private static readonly List<Action> s_finalizeActions = [];
    private static readonly Lock s_finalizeLock = new();
    private bool _disposed;

    /// <summary><c>MPI_Init_thread</c>, then sets <c>MPI_ERRORS_RETURN</c> on the predefined communicators and checks the ABI.</summary>
    /// <param name="required">The thread level asked for; <see cref="Provided"/> says what MPI granted.</param>
    public unsafe MpiEnvironment(ThreadLevel required = ThreadLevel.Funneled)
    {
        if (s_current != null) throw new InvalidOperationException("MPI is already initialised in this process.");
        int flag;
        MpiError.Check(MpiNative.MPI_Finalized(&flag));
        if (flag != 0) throw new InvalidOperationException("MPI was finalised in this process and cannot be initialised again.");
        MpiError.Check(MpiNative.MPI_Initialized(&flag));
        int provided;
        if (flag == 0)
        {
            MpiError.Check(MpiNative.MPI_Init_thread(null, null, (int)required, &provided));
            OwnsMpi = true;
        }
        else
        {
            // Someone else (a host program) initialised MPI: use it, leave finalising to them.
            MpiError.Check(MpiNative.MPI_Query_thread(&provided));
        }
        Provided = (ThreadLevel)provided;
        Communicator.InitPredefined();
        AbiCheck.Verify();
        s_current = this;
    }

    private MpiEnvironment(int provided)
    {
        Provided = (ThreadLevel)provided;
        Communicator.InitPredefined(errorsReturn: false);
        AbiCheck.Verify();
        s_current = this;
    }

    /// <summary>
    /// Wraps the MPI a host program initialised (the C ABI library inside a C or Fortran program): queries the
    /// thread level (<c>MPI_Query_thread</c>), leaves the program's error handlers alone, and never calls
    /// <c>MPI_Init</c> or <c>MPI_Finalize</c>; <see cref="Dispose"/> only frees what the binding created.
    /// </summary>
    /// <exception cref="InvalidOperationException">MPI is not initialised, already finalised, or an environment is in force.</exception>
    public static unsafe MpiEnvironment Attach()
    {
        if (s_current != null) throw new InvalidOperationException("An MpiEnvironment is already in force in this process.");
        int flag;
        MpiError.Check(MpiNative.MPI_Finalized(&flag));
        if (flag != 0) throw new InvalidOperationException("MPI was finalised in this process.");
        MpiError.Check(MpiNative.MPI_Initialized(&flag));
        if (flag == 0) throw new InvalidOperationException("MPI is not initialised: the program must call MPI_Init first.");
        int provided;
        MpiError.Check(MpiNative.MPI_Query_thread(&provided));
        return new MpiEnvironment(provided);
    }

    /// <summary>The environment in force, or <c>null</c>.</summary>
    public static MpiEnvironment? Current => s_current;

    /// <summary>Whether MPI is initialised and not finalised.</summary>
    public static bool IsInitialized => s_current != null;

    /// <summary>The thread level MPI provides.</summary>
    public ThreadLevel Provided { get; }

    /// <summary>Whether this object initialised MPI (and so finalises it).</summary>
    public bool OwnsMpi { get; }

    /// <summary><c>MPI_Wtime</c>: seconds since an arbitrary time in the past.</summary>
    public static double Wtime() => MpiNative.MPI_Wtime();

    /// <summary><c>MPI_Wtick</c>: the resolution of <see cref="Wtime"/>.</summary>
    public static double Wtick() => MpiNative.MPI_Wtick();

    /// <summary><c>MPI_Get_processor_name</c>.</summary>
    public static unsafe string ProcessorName
    {
        get
        {
            byte* buf = stackalloc byte[MpiAbi.MPI_MAX_PROCESSOR_NAME + 1];
            int len;
            MpiError.Check(MpiNative.MPI_Get_processor_name(buf, &len));
            return Encoding.UTF8.GetString(buf, len);
        }
    }

    /// <summary><c>MPI_Get_version</c>: the MPI standard version the library implements.</summary>
    public static unsafe Version StandardVersion
    {
        get
        {
            int v, s;
            MpiError.Check(MpiNative.MPI_Get_version(&v, &s));
            return new Version(v, s);
        }
    }

    /// <summary><c>MPI_Get_library_version</c>: the library's own description (e.g. "MPICH Version: 4.0.2 ...").</summary>
    public static unsafe string LibraryVersion
    {
        get
        {
            byte* buf = stackalloc byte[8192];
            int len;
            MpiError.Check(MpiNative.MPI_Get_library_version(buf, &len));
            return Encoding.UTF8.GetString(buf, len).TrimEnd('\0', '\n', ' ');
        }
    }

    /// <summary>
    /// Registers <paramref name="action"/> to run at the start of <see cref="Dispose"/>, before the binding
    /// lets go of its objects and calls <c>MPI_Finalize</c>, while MPI works fully: for libraries that keep MPI
    /// objects across calls (e.g. a cached shared-memory window). Every process disposes its environment, so
    /// an action may call collectives over ranks that registered the same action. Actions run once, the last
    /// registered first.
    /// </summary>
    public static void RegisterFinalizeAction(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (s_finalizeLock) s_finalizeActions.Add(action);
    }

    /// <summary>
    /// Runs the actions of <see cref="RegisterFinalizeAction"/>, then <c>MPI_Finalize</c> (collective over all
    /// processes) when this object initialised MPI. An action's exception is raised after finalising.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Exception? failed = null;
        while (true)
        {
            Action action;
            lock (s_finalizeLock)
            {
                if (s_finalizeActions.Count == 0) break;
                action = s_finalizeActions[^1];
                s_finalizeActions.RemoveAt(s_finalizeActions.Count - 1);
            }
            try { action(); }
            catch (Exception e) { failed ??= e; }
        }
        s_current = null;
        Communicator.ClearPredefined();
        DerivedTypes.FreeAll();
        if (OwnsMpi) MpiError.Check(MpiNative.MPI_Finalize());
        if (failed != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed).Throw();
    }
}
