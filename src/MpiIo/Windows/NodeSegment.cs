using MpiIo.Mpi;

namespace MpiIo.Windows;

/// <summary>
/// One node's shared memory for a window: an <c>MPI_Win_allocate_shared</c> window over a duplicate of a
/// node communicator, where the node's first rank holds all the bytes and the others attach. It outlives
/// the <see cref="FileWindow"/> that allocated it when <see cref="NodeSegmentCache"/> keeps it for a later map.
/// </summary>
internal sealed unsafe class NodeSegment : IDisposable
{
    private NodeSegment(Communicator node, Window window)
    {
        Node = node;
        Window = window;
        var (pointer, size, _) = window.SharedQuery(0);
        Base = (byte*)pointer;
        Bytes = size;
    }

    /// <summary>The ranks sharing the segment: a duplicate this object owns, the window's communicator.</summary>
    public Communicator Node { get; }

    /// <summary>The shared window.</summary>
    public Window Window { get; }

    /// <summary>The segment's first byte in this process.</summary>
    public byte* Base { get; }

    /// <summary>The segment's bytes (node rank 0's allocation): the same on every rank of the node.</summary>
    public long Bytes { get; }

    /// <summary>
    /// Duplicates <paramref name="node"/> and allocates <paramref name="bytes"/> on its first rank, nothing on
    /// the others (collective over <paramref name="node"/>). A failure frees what was made before it.
    /// </summary>
    public static NodeSegment Allocate(Communicator node, long bytes)
    {
        var dup = node.Dup();
        try
        {
            return new NodeSegment(dup, Window.AllocateShared(dup, dup.Rank == 0 ? bytes : 0));
        }
        catch
        {
            dup.Dispose();
            throw;
        }
    }

    /// <summary>Whether the segment's ranks are <paramref name="node"/>'s, in the same order (<c>MPI_Comm_compare</c>: a local call).</summary>
    public bool Serves(Communicator node) => Node.Compare(node) is Comparison.Identical or Comparison.Congruent;

    /// <summary><c>MPI_Win_free</c> and <c>MPI_Comm_free</c> (collective over <see cref="Node"/>).</summary>
    public void Dispose()
    {
        try
        {
            Window.Dispose();
        }
        finally
        {
            Node.Dispose();
        }
    }
}
