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
    /// Agrees on <paramref name="local"/> and sums <paramref name="contribution"/> over the ranks in the same
    /// single collective (an <c>MPI_Allgather</c> of two ints), for calls that need both.
    /// </summary>
    /// <returns>The sum of every rank's contribution.</returns>
    public static int AgreeAndSum(Communicator comm, Exception? local, string operation, int contribution)
    {
        int mine = local == null ? 0 : Math.Max(1, (int)IoErrors.ClassOf(local));
        Span<int> pair = [mine, contribution];
        var all = new int[2 * comm.Size];
        comm.Allgather<int>(pair, all);
        int agreed = 0, sum = 0;
        for (int i = 0; i < comm.Size; i++)
        {
            agreed = Math.Max(agreed, all[2 * i]);
            sum += all[2 * i + 1];
        }
        if (agreed != 0) Throw(local, (ErrorClass)agreed, operation);
        return sum;
    }

    /// <summary>
    /// Agrees on <paramref name="local"/> and checks that every rank passed the same <paramref name="value"/>
    /// (MPI requires it for some arguments) in one <c>MPI_Allreduce(MAX)</c> of three longs.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.NotSame"/> on every rank when the values differ.</exception>
    public static void AgreeOnValue(Communicator comm, Exception? local, string operation, string name, long value)
    {
        int mine = local == null ? 0 : Math.Max(1, (int)IoErrors.ClassOf(local));
        if (comm.Size == 1)
        {
            if (mine != 0) Throw(local, (ErrorClass)mine, operation);
            return;
        }
        Span<long> v = [mine, value, -value];
        comm.Allreduce<long>(v, Op.Max);
        if (v[0] != 0) Throw(local, (ErrorClass)v[0], operation);
        if (v[1] != -v[2])
            throw new MpiException(ErrorClass.NotSame, $"{operation}: {name} differs between ranks ({-v[2]} to {v[1]}).");
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
