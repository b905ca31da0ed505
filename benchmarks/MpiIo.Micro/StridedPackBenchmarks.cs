using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using MpiIo.Datatypes;

namespace MpiIo.Micro;

/// <summary>
/// Packing and unpacking 8-byte strided elements: a vector of N doubles with stride 2 (every other
/// double), through <see cref="TypePacker"/>. <see cref="Bytes"/> is the packed size per operation
/// (N × 8), so the Throughput column is packed bytes per second. A plain contiguous copy of the same
/// byte count is the reference. Pack and unpack must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class StridedPackBenchmarks
{
    /// <summary>Packed bytes per operation: in L1/L2, in L2/L3, and well past the caches.</summary>
    [Params(8 << 10, 1 << 20, 16 << 20)]
    public int Bytes { get; set; }

    private Datatype _vector = null!;
    private byte[] _memory = null!;
    private byte[] _packed = null!;

    [GlobalSetup]
    public void Setup()
    {
        int n = Bytes / 8;
        _vector = Datatype.Vector(n, 1, 2, Datatype.Double).Commit();
        _memory = new byte[(2 * n - 1) * 8];
        _packed = new byte[Bytes];
        var words = MemoryMarshal.Cast<byte, ulong>(_memory.AsSpan());
        for (int i = 0; i < words.Length; i++)
            words[i] = Word(i);
        // A wrong packer must not pass as a fast one: check the round trip once.
        Pack();
        var packedWords = MemoryMarshal.Cast<byte, ulong>(_packed);
        for (int i = 0; i < n; i++)
            if (packedWords[i] != Word(2 * i))
                throw new InvalidOperationException($"packed element {i} is wrong");
        Array.Clear(_memory);
        Unpack();
        for (int i = 0; i < words.Length; i++)
            if (words[i] != (i % 2 == 0 ? Word(i) : 0))
                throw new InvalidOperationException($"unpacked word {i} is wrong");
    }

    private static ulong Word(int i) => (ulong)i * 0x9E3779B97F4A7C15UL + 1;

    /// <summary><c>MPI_Pack</c> of the whole vector.</summary>
    [Benchmark]
    [Throughput("GB/s", 1, nameof(Bytes))]
    public void Pack() => TypePacker.Pack(_memory, 0, _vector, 1, 0, _packed);

    /// <summary><c>MPI_Unpack</c> of the whole vector.</summary>
    [Benchmark]
    [Throughput("GB/s", 1, nameof(Bytes))]
    public void Unpack() => TypePacker.Unpack(_packed, _memory, 0, _vector, 1, 0);

    /// <summary>The reference: a contiguous copy of the same number of bytes.</summary>
    [Benchmark]
    [Throughput("GB/s", 1, nameof(Bytes))]
    public void ContiguousCopy() => _memory.AsSpan(0, Bytes).CopyTo(_packed);
}
