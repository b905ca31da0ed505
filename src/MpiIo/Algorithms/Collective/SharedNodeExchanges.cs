using MpiIo.Mpi;

namespace MpiIo.Algorithms.Collective;

/// <summary>
/// The node exchanges a process keeps across files: one per set of node ranks, created by the first
/// collective call of a file on that set and used by every later file on the same set, so opening a file
/// costs no shared-window allocation (a collective over the node, and fresh pages that fault in on first
/// touch) and a file of one node can run its collective rounds in shared memory from its first call on.
/// </summary>
/// <remarks>
/// <para>Whether a call uses one is agreed, not assumed: every rank reports the <see cref="NodeExchange.Id"/> it
/// finds for its node set in the call's gather of ranges, and the window is used only when every rank of the
/// node reported the same one; when none did, the node creates it together. Entries live until the process
/// ends (MPI frees them at <c>MPI_Finalize</c>): freeing one would need all of its ranks at once.</para>
/// <para>Not used under <c>MPI_THREAD_MULTIPLE</c>, where collectives of several files may run at the same
/// time on background threads (each file then keeps its own exchange).</para>
/// </remarks>
internal static class SharedNodeExchanges
{
    /// <summary>Each buffer of a shared window holds at least this much (the default <c>cb_buffer_size</c>).</summary>
    public const long MinimumBufferBytes = 16 << 20;

    /// <summary>A larger <c>cb_buffer_size</c> of the creating file gives larger buffers, up to this; beyond, files use their own window.</summary>
    public const long MaximumBufferBytes = 64 << 20;

    private static readonly List<NodeExchange> s_exchanges = [];
    private static readonly Lock s_lock = new();

    /// <summary>The exchange this process holds for the ranks of <paramref name="node"/>, or null (local: a group comparison per entry).</summary>
    public static NodeExchange? Find(Communicator node)
    {
        lock (s_lock)
        {
            if (s_exchanges.Count == 0) return null;
            using var group = node.GetGroup();
            foreach (var e in s_exchanges)
                if (group.Compare(e.Group) is Comparison.Identical or Comparison.Similar) return e;
            return null;
        }
    }

    /// <summary>Creates the exchange of <paramref name="node"/>'s ranks, with buffers on every rank (collective over the node).</summary>
    public static NodeExchange Create(Communicator node, long bufferBytes)
    {
        var e = NodeExchange.Create(node, withBuffers: true, Math.Clamp(bufferBytes, MinimumBufferBytes, MaximumBufferBytes));
        lock (s_lock) s_exchanges.Add(e);
        return e;
    }
}
