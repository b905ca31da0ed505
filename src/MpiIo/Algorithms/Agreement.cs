using MpiIo.Errors;
using MpiIo.Mpi;

namespace MpiIo.Algorithms;

/// <summary>
/// Makes the ranks of a collective call agree on its outcome before anyone throws, so no rank is left
/// waiting in a collective the others abandoned: every rank contributes its local error class (0 for
/// success) to one <c>MPI_Allreduce(MAX)</c>, and all ranks raise the same (worst) class.
/// </summary>
internal static class Agreement
{
    /// <summary>Agrees on <paramref name="local"/> (null when this rank succeeded); throws the agreed failure on every rank.</summary>
    /// <param name="comm">The communicator of the collective call.</param>
    /// <param name="local">This rank's failure, if any.</param>
    /// <param name="operation">The MPI call, for messages of ranks that did not fail themselves.</param>
    public static void Agree(Communicator comm, Exception? local, string operation)
    {
        int mine = local == null ? 0 : Math.Max(1, (int)IoErrors.ClassOf(local));
        int agreed = comm.Size == 1 ? mine : comm.Allreduce(mine, Op.Max);
        if (agreed == 0) return;
        Throw(local, (ErrorClass)agreed, operation);
    }

    /// <summary>
    /// Agrees on <paramref name="local"/> and gathers one int from every rank in the same single collective
    /// (an <c>MPI_Allgather</c> of two ints), for calls that need both.
    /// </summary>
    /// <returns>Every rank's contribution, by rank.</returns>
    public static int[] AgreeAndGather(Communicator comm, Exception? local, string operation, int contribution)
    {
        int mine = local == null ? 0 : Math.Max(1, (int)IoErrors.ClassOf(local));
        Span<int> pair = [mine, contribution];
        var all = new int[2 * comm.Size];
        comm.Allgather<int>(pair, all);
        int agreed = 0;
        var values = new int[comm.Size];
        for (int i = 0; i < comm.Size; i++)
        {
            agreed = Math.Max(agreed, all[2 * i]);
            values[i] = all[2 * i + 1];
        }
        if (agreed != 0) Throw(local, (ErrorClass)agreed, operation);
        return values;
    }

    /// <summary>
    /// Agrees on <paramref name="local"/> and checks that every rank passed the same <paramref name="value"/>
    /// (MPI requires it for some arguments) in one <c>MPI_Allreduce(MAX)</c> of three longs.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.NotSame"/> on every rank when the values differ.</exception>
    public static void AgreeOnValue(Communicator comm, Exception? local, string operation, string name, long value) =>
        AgreeOnValues(comm, local, operation, [name], [value]);

    /// <summary>
    /// <see cref="AgreeOnValue"/> for several arguments at once, still one <c>MPI_Allreduce(MAX)</c>
    /// (of 1 + 2 × <paramref name="values"/>.Length longs).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.NotSame"/> on every rank, naming the first argument that differs.</exception>
    public static void AgreeOnValues(Communicator comm, Exception? local, string operation, ReadOnlySpan<string> names, ReadOnlySpan<long> values)
    {
        int mine = local == null ? 0 : Math.Max(1, (int)IoErrors.ClassOf(local));
        if (comm.Size == 1)
        {
            if (mine != 0) Throw(local, (ErrorClass)mine, operation);
            return;
        }
        Span<long> v = stackalloc long[1 + 2 * values.Length];
        v[0] = mine;
        for (int i = 0; i < values.Length; i++)
        {
            v[1 + 2 * i] = values[i];
            v[2 + 2 * i] = -values[i];
        }
        comm.Allreduce<long>(v, Op.Max);
        if (v[0] != 0) Throw(local, (ErrorClass)v[0], operation);
        for (int i = 0; i < values.Length; i++)
            if (v[1 + 2 * i] != -v[2 + 2 * i])
                throw new MpiException(ErrorClass.NotSame, $"{operation}: {names[i]} differs between ranks ({-v[2 + 2 * i]} to {v[1 + 2 * i]}).");
    }

    /// <summary>What a rank contributes to an agreement: 0 for success, else the error class of <paramref name="local"/>.</summary>
    public static int ClassOf(Exception? local) => local == null ? 0 : Math.Max(1, (int)IoErrors.ClassOf(local));

    /// <summary>
    /// Ends an agreement reached some other way (a round in shared memory): throws the <paramref name="agreed"/>
    /// class on this rank — <paramref name="local"/> itself when it is of that class — or returns when it is 0.
    /// </summary>
    public static void Raise(Exception? local, int agreed, string operation)
    {
        if (agreed != 0) Throw(local, (ErrorClass)agreed, operation);
    }

    /// <summary>Runs <paramref name="action"/> on this rank and agrees on its outcome.</summary>
    public static void Run(Communicator comm, string operation, Action action)
    {
        Exception? local = null;
        try { action(); }
        catch (Exception e) { local = e; }
        Agree(comm, local, operation);
    }

    private static void Throw(Exception? local, ErrorClass agreed, string operation)
    {
        if (local != null && IoErrors.ClassOf(local) == agreed)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(local).Throw();
        var why = local == null
            ? $"{operation} failed on another rank ({agreed})"
            : $"{operation} failed on another rank ({agreed}); here: {local.Message}";
        throw IoErrors.Create(agreed, why, local);
    }
}
