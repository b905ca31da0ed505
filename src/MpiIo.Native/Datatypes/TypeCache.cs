using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;

namespace MpiIo.Native.Datatypes;

/// <summary>
/// Decoded application datatypes by MPICH handle. MPICH reuses a handle after <c>MPI_Type_free</c>, so each
/// derived handle is watched when it enters the cache (an attribute whose delete callback calls
/// <see cref="Forget"/>) and its entry dies with it. A type an access or a view uses must be committed; the
/// parts a type is built from need not be, so commitment is checked (once, as a type stays committed until
/// it is freed) only where the application passes the type to a file call.
/// </summary>
internal sealed class TypeCache
{
    private sealed class Entry(Datatype type)
    {
        public Datatype Type { get; } = type;
        public bool Committed { get; set; }
    }

    private readonly object _gate = new();
    private readonly Dictionary<int, Entry> _types = new();
    private readonly ITypeSource _source;
    private readonly TypeDecoder _decoder;
    private readonly Action<int> _watch;

    /// <param name="source">Where types are read from.</param>
    /// <param name="watch">Arranges for <see cref="Forget"/> to be called when a derived handle is freed.</param>
    public TypeCache(ITypeSource source, Action<int> watch)
    {
        _source = source;
        _watch = watch;
        _decoder = new TypeDecoder(source, Resolve);
    }

    /// <summary>The MpiIo datatype for <paramref name="handle"/>, which the application passed to a file call.</summary>
    /// <param name="handle">The MPICH datatype.</param>
    /// <param name="comm">A communicator with MPI_ERRORS_RETURN for asking MPICH whether the type is committed.</param>
    /// <exception cref="MpiException">
    /// <see cref="ErrorClass.Type"/> for MPI_DATATYPE_NULL, a handle that is not a datatype, a type that is not
    /// committed, or one MpiIo cannot represent.
    /// </exception>
    public Datatype Get(int handle, int comm)
    {
        lock (_gate)
        {
            var entry = Find(handle);
            if (!entry.Committed)
            {
                if (!IsNamed(handle) && !_source.IsCommitted(handle, comm))
                    throw new MpiException(ErrorClass.Type, $"Datatype 0x{handle:x8} is not committed (MPI_Type_commit).");
                entry.Committed = true;
            }
            return entry.Type;
        }
    }

    // The parts a type is built from: decoded and cached the same way, committed or not.
    private Datatype Resolve(int handle)
    {
        lock (_gate) return Find(handle).Type;
    }

    private Entry Find(int handle)
    {
        if (!IsDatatypeHandle(handle))
            throw new MpiException(ErrorClass.Type, handle == MpiAbi.MPI_DATATYPE_NULL
                ? "The datatype is MPI_DATATYPE_NULL."
                : $"0x{handle:x8} is not a datatype handle.");
        // Called under the (reentrant) monitor: decoding a type resolves its parts through Resolve.
        if (_types.TryGetValue(handle, out var entry)) return entry;
        entry = new Entry(_decoder.Decode(handle));
        if (!IsNamed(handle)) _watch(handle);
        _types[handle] = entry;
        return entry;
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
