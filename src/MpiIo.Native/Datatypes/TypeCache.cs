using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;

namespace MpiIo.Native.Datatypes;

/// <summary>
/// Decoded application datatypes by MPICH handle. MPICH reuses a handle after <c>MPI_Type_free</c>, so each
/// derived handle is watched when it enters the cache (an attribute whose delete callback calls
/// <see cref="Forget"/>) and its entry dies with it.
/// </summary>
internal sealed class TypeCache
{
    private readonly object _gate = new();
    private readonly Dictionary<int, Datatype> _types = new();
    private readonly ITypeSource _source;
    private readonly TypeDecoder _decoder;
    private readonly Action<int> _watch;

    /// <param name="source">Where types are read from.</param>
    /// <param name="watch">Arranges for <see cref="Forget"/> to be called when a derived handle is freed.</param>
    public TypeCache(ITypeSource source, Action<int> watch)
    {
        _source = source;
        _watch = watch;
        _decoder = new TypeDecoder(source, Get);
    }

    /// <summary>The MpiIo datatype for <paramref name="handle"/>, decoded on first use.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Type"/> for MPI_DATATYPE_NULL, a handle that is not a datatype, or a type MpiIo cannot represent.</exception>
    public Datatype Get(int handle)
    {
        if (!IsDatatypeHandle(handle))
            throw new MpiException(ErrorClass.Type, handle == MpiAbi.MPI_DATATYPE_NULL
                ? "The datatype is MPI_DATATYPE_NULL."
                : $"0x{handle:x8} is not a datatype handle.");
        // The monitor is reentrant: decoding a type resolves its parts through this method.
        lock (_gate)
        {
            if (_types.TryGetValue(handle, out var t)) return t;
            t = _decoder.Decode(handle);
            if (!IsNamed(handle)) _watch(handle);
            _types[handle] = t;
            return t;
        }
    }

    /// <summary>Whether <paramref name="handle"/> is a predefined type (one MPICH never frees).</summary>
    public bool IsNamed(int handle) => PredefinedTypes.IsKnown(handle) || IsPermanent(_source.Envelope(handle).Combiner);

    /// <summary>Whether types of <paramref name="combiner"/> are predefined ones: named, or MPI's parameterised Fortran types, which are never freed.</summary>
    public static bool IsPermanent(int combiner) => combiner is Interop.MpichConstants.CombinerNamed
        or Interop.MpichConstants.CombinerF90Real or Interop.MpichConstants.CombinerF90Complex or Interop.MpichConstants.CombinerF90Integer;

    /// <summary>Drops <paramref name="handle"/>: MPICH freed it and may reuse it for another type.</summary>
    public void Forget(int handle)
    {
        lock (_gate) _types.Remove(handle);
    }

    /// <summary>
    /// Whether <paramref name="handle"/> has the shape of an MPICH datatype handle (object kind 3, not the
    /// invalid kind). MPICH would call the fatal world error handler on anything else.
    /// </summary>
    public static bool IsDatatypeHandle(int handle) => ((uint)handle >> 30) != 0 && ((handle >> 26) & 0xF) == 3;
}
