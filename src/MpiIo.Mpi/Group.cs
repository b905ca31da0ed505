using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>An MPI process group (<c>MPI_Group</c>). Freed by <see cref="Dispose"/> (a local call).</summary>
public sealed class Group : IDisposable
{
    private int _handle;

    internal Group(int handle) => _handle = handle;

    /// <summary>The raw handle.</summary>
    public int Handle => _handle != MpiAbi.MPI_GROUP_NULL ? _handle : throw new ObjectDisposedException(nameof(Group));

    /// <summary><c>MPI_Group_size</c>.</summary>
    public unsafe int Size
    {
        get { int s; MpiError.Check(MpiNative.MPI_Group_size(Handle, &s)); return s; }
    }

    /// <summary><c>MPI_Group_rank</c>: this process's rank in the group, or -1 (<c>MPI_UNDEFINED</c>) when not a member.</summary>
    public unsafe int Rank
    {
        get { int r; MpiError.Check(MpiNative.MPI_Group_rank(Handle, &r)); return r == MpiAbi.MPI_UNDEFINED ? -1 : r; }
    }

    /// <summary><c>MPI_Group_compare</c>.</summary>
    public unsafe Comparison Compare(Group other)
    {
        int r;
        MpiError.Check(MpiNative.MPI_Group_compare(Handle, other.Handle, &r));
        return (Comparison)r;
    }

    /// <summary><c>MPI_Group_translate_ranks</c>: the ranks in <paramref name="other"/> of <paramref name="ranks"/> of this group (-1 where absent).</summary>
    public unsafe int[] TranslateRanks(ReadOnlySpan<int> ranks, Group other)
    {
        var result = new int[ranks.Length];
        fixed (int* a = ranks)
        fixed (int* b = result)
            MpiError.Check(MpiNative.MPI_Group_translate_ranks(Handle, ranks.Length, a, other.Handle, b));
        for (int i = 0; i < result.Length; i++) if (result[i] == MpiAbi.MPI_UNDEFINED) result[i] = -1;
        return result;
    }

    /// <summary><c>MPI_Group_free</c>.</summary>
    public unsafe void Dispose()
    {
        if (_handle == MpiAbi.MPI_GROUP_NULL) return;
        int h = _handle;
        _handle = MpiAbi.MPI_GROUP_NULL;
        MpiError.Check(MpiNative.MPI_Group_free(&h));
    }
}
