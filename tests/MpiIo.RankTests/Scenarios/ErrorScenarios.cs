using MpiIo.Mpi;

namespace MpiIo.RankTests.Scenarios;

/// <summary>Error paths: failing MPI calls raise <see cref="MpiException"/> with the right class and the process carries on.</summary>
public static class ErrorScenarios
{
    public static IReadOnlyList<Scenario> All() =>
    [
        new("SendToInvalidRank", SendToInvalidRank),
        new("BcastInvalidRoot", BcastInvalidRoot),
        new("RecvNegativeTag", RecvNegativeTag),
        new("TruncatedReceive", TruncatedReceive),
        new("ReduceOfStruct", ReduceOfStruct),
        new("VariableLayoutTooSmall", VariableLayoutTooSmall),
        new("FreedObjects", FreedObjects),
        new("SurvivesAfterErrors", (w, c) => c.Equal(w.Size, w.Allreduce(1, Op.Sum), "collective after errors")),
    ];

    private static void SendToInvalidRank(Communicator w, RankCheck c)
    {
        c.Throws<MpiException>(() => w.Send<int>([1], w.Size + 3, 0),
            e => e.ErrorClass == ErrorClass.Rank && e.Message.Contains("MPI_Send"), "send to rank Size+3");
        c.Throws<MpiException>(() => w.Isend<int>(new int[1], -5, 0),
            e => e.ErrorClass == ErrorClass.Rank, "isend to rank -5");
    }

    private static void BcastInvalidRoot(Communicator w, RankCheck c)
    {
        // Every rank passes the same bad root, so every rank gets the error: no one is left in the collective.
        c.Throws<MpiException>(() => w.Bcast<int>(new int[1], w.Size), e => e.ErrorClass == ErrorClass.Root, "bcast root = Size");
    }

    private static void RecvNegativeTag(Communicator w, RankCheck c)
    {
        c.Throws<MpiException>(() => w.Recv<int>(new int[1], 0, -42), e => e.ErrorClass == ErrorClass.Tag, "recv tag -42");
    }

    private static void TruncatedReceive(Communicator w, RankCheck c)
    {
        var req = w.Isend<int>(new int[] { 1, 2, 3, 4 }, w.Rank, 8);
        c.Throws<MpiException>(() => w.Recv<int>(new int[2], w.Rank, 8), e => e.ErrorClass == ErrorClass.Truncate, "4 ints into 2");
        req.Wait();
    }

    private record struct Opaque(int A, byte B);

    private static void ReduceOfStruct(Communicator w, RankCheck c)
    {
        c.Throws<ArgumentException>(() => w.Allreduce(new Opaque(), Op.Sum), _ => true, "allreduce of a struct");
    }

    private static void VariableLayoutTooSmall(Communicator w, RankCheck c)
    {
        var counts = Enumerable.Repeat(2, w.Size).ToArray();
        var displs = Enumerable.Range(0, w.Size).Select(i => i * 2).ToArray();
        c.Throws<ArgumentOutOfRangeException>(() => w.Allgatherv<int>(new int[2], new int[2 * w.Size - 1], counts, displs), _ => true, "result too small");
        c.Throws<ArgumentException>(() => w.Allgatherv<int>(new int[2], new int[2 * w.Size], counts.AsSpan(1), displs), _ => true, "counts too short");
    }

    private static void FreedObjects(Communicator w, RankCheck c)
    {
        var win = Window.Allocate(w, 8);
        win.Dispose();
        c.Throws<ObjectDisposedException>(() => win.Fence(), _ => true, "fence on a freed window");
        var dup = w.Dup();
        dup.Dispose();
        c.Throws<ObjectDisposedException>(() => dup.Barrier(), _ => true, "barrier on a freed communicator");
        var info = MpiInfo.Create();
        info.Dispose();
        c.Throws<ObjectDisposedException>(() => info.Set("a", "b"), _ => true, "set on a freed info");
    }
}
