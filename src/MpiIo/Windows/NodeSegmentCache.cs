using MpiIo.Mpi;

namespace MpiIo.Windows;

/// <summary>
/// The node segment a process keeps after <see cref="FileWindow.Free"/>, so the next map on the same node
/// ranks reuses memory whose pages are already in place instead of faulting in new shared pages (on the
/// test machine a fault of node-shared memory costs about 2.5× one of private memory, and faulting dominates
/// a fresh map).
/// </summary>
/// <remarks>
/// <para>At most one segment, of any one set of node ranks. Every rank of a node makes the same decision
/// about it, because the decisions are agreed: taking it at map is carried in the map's argument agreement
/// (a map reuses only when every rank of the file reserved a segment), keeping it at free in one
/// <c>MPI_Allreduce</c> over the node. So the ranks of a node always hold the same segment of their node,
/// and freeing it (a collective over its node) happens on all of them together: when a larger segment of the
/// same node replaces it, in <see cref="Release"/>, and before <c>MPI_Finalize</c>.</para>
/// <para>A decision in progress holds a reservation; a map or free on another thread of the same process
/// finds the segment reserved and neither takes nor keeps one, which its agreement then makes unanimous.</para>
/// </remarks>
internal static class NodeSegmentCache
{
    private static readonly object s_gate = new();
    private static NodeSegment? s_kept;
    private static bool s_reserved;
    private static bool s_finalizeRegistered;

    /// <summary>The kept segment's bytes, or 0.</summary>
    public static long KeptBytes
    {
        get
        {
            lock (s_gate) return s_kept?.Bytes ?? 0;
        }
    }

    /// <summary>
    /// Reserves the kept segment for a map over <paramref name="node"/> that needs <paramref name="bytes"/>
    /// (local). Null when there is none, it serves other ranks, it is too small, or it is reserved; otherwise
    /// the caller ends the reservation with <see cref="EndReservation"/>.
    /// </summary>
    public static NodeSegment? Reserve(Communicator node, long bytes)
    {
        lock (s_gate)
        {
            if (s_reserved || s_kept == null || s_kept.Bytes < bytes || !s_kept.Serves(node)) return null;
            s_reserved = true;
            return s_kept;
        }
    }

    /// <summary>Ends a reservation of <see cref="Reserve"/>: takes the segment out of the cache (the map uses it) or leaves it kept.</summary>
    public static void EndReservation(bool take)
    {
        lock (s_gate)
        {
            if (take) s_kept = null;
            s_reserved = false;
            Monitor.PulseAll(s_gate);
        }
    }

    /// <summary>
    /// A freed window's segment (collective over <paramref name="segment"/>'s node): kept when it holds at
    /// most <paramref name="limit"/> bytes and every rank of the node has room for it (nothing kept, or a
    /// segment of the same node, of which the larger stays); freed otherwise.
    /// </summary>
    public static void Keep(NodeSegment segment, long limit)
    {
        NodeSegment? kept = null;
        bool reserved;
        lock (s_gate)
        {
            reserved = !s_reserved;
            if (reserved)
            {
                s_reserved = true;
                kept = s_kept;
            }
        }
        NodeSegment? drop = segment;
        try
        {
            bool same = kept != null && kept.Serves(segment.Node);
            bool room = reserved && segment.Bytes <= limit && (kept == null || same);
            long keptBytes = same ? kept!.Bytes : 0;
            // The kept sizes ride along (max and -max): ranks that hold different segments of this node keep nothing new.
            Span<long> v = [room ? 0 : 1, keptBytes, -keptBytes];
            if (segment.Node.Size > 1) segment.Node.Allreduce<long>(v, Op.Max);
            if (v[0] == 0 && v[1] == -v[2])
            {
                if (!same || segment.Bytes >= kept!.Bytes)
                {
                    drop = same ? kept : null;
                    lock (s_gate) s_kept = segment;
                    RegisterFinalize();
                }
            }
        }
        finally
        {
            if (reserved)
            {
                lock (s_gate)
                {
                    s_reserved = false;
                    Monitor.PulseAll(s_gate);
                }
            }
            drop?.Dispose();
        }
    }

    /// <summary>
    /// Frees the kept segment when its node's ranks all belong to <paramref name="comm"/> (collective over
    /// <paramref name="comm"/>; a node's ranks all hold the same segment, so its <c>MPI_Win_free</c> finds
    /// them all). Waits for a map or free on another thread to finish deciding about it.
    /// </summary>
    /// <returns>The bytes freed (0 when nothing was kept, or the kept segment serves ranks outside <paramref name="comm"/>).</returns>
    public static long Release(Communicator comm)
    {
        NodeSegment? kept;
        lock (s_gate)
        {
            while (s_reserved) Monitor.Wait(s_gate);
            kept = s_kept;
            if (kept == null || !Within(kept.Node, comm)) return 0;
            s_kept = null;
        }
        long bytes = kept.Bytes;
        kept.Dispose();
        return bytes;
    }

    // Whether every rank of `node` is a rank of `comm` (a local group translation).
    private static bool Within(Communicator node, Communicator comm)
    {
        using var nodeGroup = node.GetGroup();
        using var commGroup = comm.GetGroup();
        Span<int> ranks = node.Size <= 256 ? stackalloc int[node.Size] : new int[node.Size];
        for (int i = 0; i < ranks.Length; i++) ranks[i] = i;
        foreach (int r in nodeGroup.TranslateRanks(ranks, commGroup))
            if (r < 0) return false;
        return true;
    }

    // Before MPI_Finalize (every process disposes its environment, so the node's ranks free the segment together).
    private static void RegisterFinalize()
    {
        lock (s_gate)
        {
            if (s_finalizeRegistered) return;
            s_finalizeRegistered = true;
        }
        MpiEnvironment.RegisterFinalizeAction(FreeAtFinalize);
    }

    private static void FreeAtFinalize()
    {
        NodeSegment? kept;
        lock (s_gate)
        {
            kept = s_kept;
            s_kept = null;
            s_finalizeRegistered = false;
        }
        kept?.Dispose();
    }
}
