using System.Runtime.InteropServices;

namespace MpiIo.Algorithms.Collective;

/// <summary>
/// One rank's part of a collective access, as every rank learns it from the single <c>MPI_Allgather</c> that
/// opens each collective call: the file range it touches, how many bytes and blocks, and its local error
/// class (so argument errors are agreed on in the same round), and which shared node exchange it holds (so the
/// ranks of a node agree on using it in the same round).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AccessRange
{
    /// <summary>Local error class, 0 for none.</summary>
    public long Error;
    /// <summary>First file byte the access touches.</summary>
    public long First;
    /// <summary>One past the last file byte.</summary>
    public long End;
    /// <summary>Data bytes of the access.</summary>
    public long Bytes;
    /// <summary>Contiguous file blocks of the access; <see cref="Unsplittable"/> when its blocks overlap.</summary>
    public long Blocks;
    /// <summary>The <see cref="NodeExchange.Id"/> of the shared node exchange this rank holds for its node, 0 for none.</summary>
    public long ExchangeId;
    /// <summary>This rank's rank in that exchange's window.</summary>
    public long ExchangeRank;

    /// <summary>Longs in one range (its size in an MPI message or a shared-memory round).</summary>
    public const int Longs = 7;

    /// <summary>The <see cref="Blocks"/> of an access through a view whose filetype blocks overlap (allowed on
    /// read-only files): its bytes have no single order in the file, so it cannot be cut into file domains.</summary>
    public const long Unsplittable = -1;

    /// <summary>Whether the access can take part in two-phase I/O.</summary>
    public readonly bool IsSplittable => Blocks != Unsplittable;

    /// <summary>Whether the access moves no data.</summary>
    public readonly bool IsEmpty => Bytes == 0;

    /// <summary>Whether the access touches any byte of [<paramref name="x"/>, <paramref name="y"/>).</summary>
    public readonly bool Intersects(long x, long y) => !IsEmpty && First < y && x < End;
}
