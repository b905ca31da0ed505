using MpiIo.Mpi.Native;
using MpiIo.Native.Datatypes;
using C = MpiIo.Native.Interop.MpichConstants;

namespace MpiIo.Tests.Native;

/// <summary>
/// An in-process stand-in for MPICH's datatype introspection: derived types are defined with the envelope,
/// contents and bounds MPICH would report (the bounds worked out by hand in each test).
/// </summary>
internal sealed class FakeTypeSource : ITypeSource
{
    private readonly Dictionary<int, (TypeEnvelope Envelope, int[] Ints, long[] Addrs, int[] Types, TypeBounds Bounds)> _derived = new();
    private int _next;

    /// <summary>How often <see cref="Contents"/> was asked (once per decode of a derived type).</summary>
    public int ContentsCalls { get; private set; }

    /// <summary>The derived handles released after <see cref="Contents"/>.</summary>
    public List<int> Released { get; } = [];

    /// <summary>Defines a derived type and returns its handle (an indirect datatype handle, as MPICH makes).</summary>
    public int Define(int combiner, int[] ints, long[] addrs, int[] types, long size, long lb, long extent, int largeCounts = 0)
    {
        int handle = unchecked((int)0xcc000000) | ++_next;
        _derived[handle] = (new TypeEnvelope(ints.Length, addrs.Length, types.Length, combiner, largeCounts), ints, addrs, types, new TypeBounds(size, lb, extent));
        return handle;
    }

    public TypeEnvelope Envelope(int handle) =>
        _derived.TryGetValue(handle, out var d) ? d.Envelope : new TypeEnvelope(0, 0, 0, C.CombinerNamed);

    public void Contents(int handle, int[] integers, long[] addresses, int[] datatypes)
    {
        ContentsCalls++;
        var d = _derived[handle];
        d.Ints.CopyTo(integers, 0);
        d.Addrs.CopyTo(addresses, 0);
        d.Types.CopyTo(datatypes, 0);
    }

    public void Release(int handle)
    {
        if (_derived.ContainsKey(handle)) Released.Add(handle);
    }

    public TypeBounds Bounds(int handle)
    {
        if (_derived.TryGetValue(handle, out var d)) return d.Bounds;
        long size = (handle >> 8) & 0xff; // MPICH's builtin handles carry their size
        return new TypeBounds(size, 0, size);
    }

    /// <summary>MPI_INT's handle, for brevity.</summary>
    public const int Int = MpiAbi.MPI_INT;

    /// <summary>MPI_DOUBLE's handle.</summary>
    public const int Double = MpiAbi.MPI_DOUBLE;
}
