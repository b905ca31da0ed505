using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

// Collective operations on spans of unmanaged types. Counts and displacements of the "v" variants are in
// elements of T. Raw bytes are Span<byte>.
public sealed partial class Communicator
{
    /// <summary><c>MPI_Barrier</c>.</summary>
    public void Barrier() => MpiError.Check(MpiNative.MPI_Barrier(Handle));

    /// <summary><c>MPI_Bcast</c>: <paramref name="buffer"/> of <paramref name="root"/> is copied to every rank's buffer.</summary>
    public unsafe void Bcast<T>(Span<T> buffer, int root) where T : unmanaged
    {
        fixed (T* p = buffer)
            MpiError.Check(MpiNative.MPI_Bcast(p, buffer.Length, MpiType<T>.Handle, root, Handle));
    }

    /// <summary><c>MPI_Bcast</c> of one value.</summary>
    public unsafe T Bcast<T>(T value, int root) where T : unmanaged
    {
        MpiError.Check(MpiNative.MPI_Bcast(&value, 1, MpiType<T>.Handle, root, Handle));
        return value;
    }

    /// <summary><c>MPI_Reduce</c>: <paramref name="result"/> is written on <paramref name="root"/> only.</summary>
    public unsafe void Reduce<T>(ReadOnlySpan<T> values, Span<T> result, Op op, int root) where T : unmanaged
    {
        MpiType<T>.RequireReducible();
        if (Rank == root) RequireLength(result, values.Length, nameof(result));
        fixed (T* s = values)
        fixed (T* r = result)
            MpiError.Check(MpiNative.MPI_Reduce(s, r, values.Length, MpiType<T>.Handle, (int)op, root, Handle));
    }

    /// <summary><c>MPI_Allreduce</c> of spans.</summary>
    public unsafe void Allreduce<T>(ReadOnlySpan<T> values, Span<T> result, Op op) where T : unmanaged
    {
        MpiType<T>.RequireReducible();
        RequireLength(result, values.Length, nameof(result));
        fixed (T* s = values)
        fixed (T* r = result)
            MpiError.Check(MpiNative.MPI_Allreduce(s, r, values.Length, MpiType<T>.Handle, (int)op, Handle));
    }

    /// <summary><c>MPI_Allreduce</c> in place (<c>MPI_IN_PLACE</c>).</summary>
    public unsafe void Allreduce<T>(Span<T> values, Op op) where T : unmanaged
    {
        MpiType<T>.RequireReducible();
        fixed (T* r = values)
            MpiError.Check(MpiNative.MPI_Allreduce(MpiAbi.MPI_IN_PLACE, r, values.Length, MpiType<T>.Handle, (int)op, Handle));
    }

    /// <summary><c>MPI_Allreduce</c> of one value.</summary>
    public unsafe T Allreduce<T>(T value, Op op) where T : unmanaged
    {
        MpiType<T>.RequireReducible();
        T result;
        MpiError.Check(MpiNative.MPI_Allreduce(&value, &result, 1, MpiType<T>.Handle, (int)op, Handle));
        return result;
    }

    /// <summary><c>MPI_Scan</c>: the inclusive prefix reduction over ranks 0..this.</summary>
    public unsafe void Scan<T>(ReadOnlySpan<T> values, Span<T> result, Op op) where T : unmanaged
    {
        MpiType<T>.RequireReducible();
        RequireLength(result, values.Length, nameof(result));
        fixed (T* s = values)
        fixed (T* r = result)
            MpiError.Check(MpiNative.MPI_Scan(s, r, values.Length, MpiType<T>.Handle, (int)op, Handle));
    }

    /// <summary><c>MPI_Scan</c> of one value.</summary>
    public unsafe T Scan<T>(T value, Op op) where T : unmanaged
    {
        MpiType<T>.RequireReducible();
        T result;
        MpiError.Check(MpiNative.MPI_Scan(&value, &result, 1, MpiType<T>.Handle, (int)op, Handle));
        return result;
    }

    /// <summary>
    /// <c>MPI_Exscan</c>: the exclusive prefix reduction over ranks 0..this-1. MPI leaves rank 0's result
    /// undefined; here rank 0's <paramref name="result"/> is left as the caller set it.
    /// </summary>
    public unsafe void Exscan<T>(ReadOnlySpan<T> values, Span<T> result, Op op) where T : unmanaged
    {
        MpiType<T>.RequireReducible();
        RequireLength(result, values.Length, nameof(result));
        fixed (T* s = values)
        fixed (T* r = result)
            MpiError.Check(MpiNative.MPI_Exscan(s, r, values.Length, MpiType<T>.Handle, (int)op, Handle));
    }

    /// <summary><c>MPI_Exscan</c> of one value; rank 0 gets <paramref name="identity"/>.</summary>
    public unsafe T Exscan<T>(T value, Op op, T identity = default) where T : unmanaged
    {
        MpiType<T>.RequireReducible();
        T result = identity;
        MpiError.Check(MpiNative.MPI_Exscan(&value, &result, 1, MpiType<T>.Handle, (int)op, Handle));
        return Rank == 0 ? identity : result;
    }

    /// <summary><c>MPI_Gather</c>: every rank's <paramref name="values"/> (same length everywhere) land in rank order in <paramref name="result"/> of <paramref name="root"/>.</summary>
    public unsafe void Gather<T>(ReadOnlySpan<T> values, Span<T> result, int root) where T : unmanaged
    {
        if (Rank == root) RequireLength(result, values.Length * Size, nameof(result));
        int t = MpiType<T>.Handle;
        fixed (T* s = values)
        fixed (T* r = result)
            MpiError.Check(MpiNative.MPI_Gather(s, values.Length, t, r, values.Length, t, root, Handle));
    }

    /// <summary><c>MPI_Gatherv</c>: rank i's values land at <c>displacements[i]</c> of <paramref name="result"/> on <paramref name="root"/>.</summary>
    public unsafe void Gatherv<T>(ReadOnlySpan<T> values, Span<T> result, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, int root) where T : unmanaged
    {
        if (Rank == root) RequireLayout(result.Length, counts, displacements);
        int t = MpiType<T>.Handle;
        fixed (T* s = values)
        fixed (T* r = result)
        fixed (int* c = counts)
        fixed (int* d = displacements)
            MpiError.Check(MpiNative.MPI_Gatherv(s, values.Length, t, r, c, d, t, root, Handle));
    }

    /// <summary><c>MPI_Allgather</c>.</summary>
    public unsafe void Allgather<T>(ReadOnlySpan<T> values, Span<T> result) where T : unmanaged
    {
        RequireLength(result, values.Length * Size, nameof(result));
        int t = MpiType<T>.Handle;
        fixed (T* s = values)
        fixed (T* r = result)
            MpiError.Check(MpiNative.MPI_Allgather(s, values.Length, t, r, values.Length, t, Handle));
    }

    /// <summary><c>MPI_Allgather</c> of one value per rank.</summary>
    public unsafe T[] Allgather<T>(T value) where T : unmanaged
    {
        var result = new T[Size];
        int t = MpiType<T>.Handle;
        fixed (T* r = result)
            MpiError.Check(MpiNative.MPI_Allgather(&value, 1, t, r, 1, t, Handle));
        return result;
    }

    /// <summary><c>MPI_Allgatherv</c>.</summary>
    public unsafe void Allgatherv<T>(ReadOnlySpan<T> values, Span<T> result, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements) where T : unmanaged
    {
        RequireLayout(result.Length, counts, displacements);
        int t = MpiType<T>.Handle;
        fixed (T* s = values)
        fixed (T* r = result)
        fixed (int* c = counts)
        fixed (int* d = displacements)
            MpiError.Check(MpiNative.MPI_Allgatherv(s, values.Length, t, r, c, d, t, Handle));
    }

    /// <summary><c>MPI_Scatter</c>: block i of <paramref name="values"/> on <paramref name="root"/> goes to rank i's <paramref name="result"/>.</summary>
    public unsafe void Scatter<T>(ReadOnlySpan<T> values, Span<T> result, int root) where T : unmanaged
    {
        if (Rank == root) RequireLength(values, result.Length * Size, nameof(values));
        int t = MpiType<T>.Handle;
        fixed (T* s = values)
        fixed (T* r = result)
            MpiError.Check(MpiNative.MPI_Scatter(s, result.Length, t, r, result.Length, t, root, Handle));
    }

    /// <summary><c>MPI_Scatterv</c>.</summary>
    public unsafe void Scatterv<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, Span<T> result, int root) where T : unmanaged
    {
        if (Rank == root) RequireLayout(values.Length, counts, displacements);
        int t = MpiType<T>.Handle;
        fixed (T* s = values)
        fixed (T* r = result)
        fixed (int* c = counts)
        fixed (int* d = displacements)
            MpiError.Check(MpiNative.MPI_Scatterv(s, c, d, t, r, result.Length, t, root, Handle));
    }

    /// <summary><c>MPI_Alltoall</c>: block j of <paramref name="values"/> goes to rank j; block i of <paramref name="result"/> comes from rank i.</summary>
    public unsafe void Alltoall<T>(ReadOnlySpan<T> values, Span<T> result) where T : unmanaged
    {
        if (values.Length % Size != 0) throw new ArgumentException($"Length {values.Length} is not a multiple of the communicator size {Size}.", nameof(values));
        RequireLength(result, values.Length, nameof(result));
        int n = values.Length / Size, t = MpiType<T>.Handle;
        fixed (T* s = values)
        fixed (T* r = result)
            MpiError.Check(MpiNative.MPI_Alltoall(s, n, t, r, n, t, Handle));
    }

    /// <summary><c>MPI_Alltoallv</c>.</summary>
    public unsafe void Alltoallv<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> sendDisplacements,
        Span<T> result, ReadOnlySpan<int> recvCounts, ReadOnlySpan<int> recvDisplacements) where T : unmanaged
    {
        RequireLayout(values.Length, sendCounts, sendDisplacements);
        RequireLayout(result.Length, recvCounts, recvDisplacements);
        int t = MpiType<T>.Handle;
        fixed (T* s = values)
        fixed (T* r = result)
        fixed (int* sc = sendCounts)
        fixed (int* sd = sendDisplacements)
        fixed (int* rc = recvCounts)
        fixed (int* rd = recvDisplacements)
            MpiError.Check(MpiNative.MPI_Alltoallv(s, sc, sd, t, r, rc, rd, t, Handle));
    }

    private static void RequireLength<T>(ReadOnlySpan<T> span, int needed, string name)
    {
        if (span.Length < needed) throw new ArgumentException($"{name} holds {span.Length} elements; {needed} are needed.", name);
    }

    private static void RequireLength<T>(Span<T> span, int needed, string name) => RequireLength((ReadOnlySpan<T>)span, needed, name);

    // Counts and displacements are per rank, and every block must fit the buffer: MPI itself would write
    // past the end of a managed array without a word.
    private void RequireLayout(int bufferLength, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements)
    {
        if (counts.Length < Size) throw new ArgumentException($"counts holds {counts.Length} entries; the communicator has {Size} ranks.", nameof(counts));
        if (displacements.Length < Size) throw new ArgumentException($"displacements holds {displacements.Length} entries; the communicator has {Size} ranks.", nameof(displacements));
        for (int i = 0; i < Size; i++)
        {
            if (counts[i] < 0 || displacements[i] < 0 || (long)displacements[i] + counts[i] > bufferLength)
                throw new ArgumentOutOfRangeException(nameof(displacements), $"block {i} ({displacements[i]}, {counts[i]}) does not fit a buffer of {bufferLength} elements.");
        }
    }
}
