using System.Runtime.InteropServices;

namespace MpiIo.Bench;

/// <summary>
/// The data the I/O benchmarks write: each 8-byte word is a function of its file offset and the
/// repetition, the same function as <c>bench_word</c> in benchmarks/c/io_bench.h, so a read that returns
/// the wrong bytes, stale bytes or another rank's bytes cannot pass the check.
/// </summary>
public static class IoPattern
{
    /// <summary>The word at file byte offset <paramref name="offset"/> (a multiple of 8) in repetition <paramref name="seed"/>.</summary>
    public static ulong Word(long offset, ulong seed)
    {
        ulong x = ((ulong)offset / 8 + seed * 0x100000001B3UL) * 0x9E3779B97F4A7C15UL;
        return x ^ (x >> 29);
    }

    /// <summary>Fills <paramref name="piece"/> with the words of file bytes from <paramref name="fileOffset"/>.</summary>
    public static void Fill(Span<byte> piece, long fileOffset, ulong seed)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(piece);
        for (int i = 0; i < words.Length; i++)
            words[i] = Word(fileOffset + 8L * i, seed);
    }

    /// <summary>The index of the first byte of <paramref name="piece"/> that is not the pattern of file bytes from <paramref name="fileOffset"/>, or -1.</summary>
    public static long Check(ReadOnlySpan<byte> piece, long fileOffset, ulong seed)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(piece);
        for (int i = 0; i < words.Length; i++)
            if (words[i] != Word(fileOffset + 8L * i, seed))
                return 8L * i;
        return -1;
    }
}
