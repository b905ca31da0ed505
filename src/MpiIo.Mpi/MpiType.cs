using System.Runtime.CompilerServices;
using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>
/// The MPI datatype that carries a managed unmanaged type <typeparamref name="T"/>: the matching
/// predefined type for primitives (so reductions work), otherwise a committed contiguous run of
/// <c>sizeof(T)</c> bytes, created once per type and kept until <c>MPI_Finalize</c>.
/// </summary>
/// <typeparam name="T">Any unmanaged type.</typeparam>
public static class MpiType<T> where T : unmanaged
{
    private static int s_handle = MpiAbi.MPI_DATATYPE_NULL;

    /// <summary>Whether <typeparamref name="T"/> maps to a predefined numeric type, usable in reductions.</summary>
    public static readonly bool IsPrimitive = Predefined() != MpiAbi.MPI_DATATYPE_NULL;

    /// <summary>The MPI datatype handle.</summary>
    public static int Handle
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int h = s_handle;
            return h != MpiAbi.MPI_DATATYPE_NULL ? h : Create();
        }
    }

    private static int Predefined()
    {
        if (typeof(T) == typeof(byte)) return MpiAbi.MPI_UINT8_T;
        if (typeof(T) == typeof(sbyte)) return MpiAbi.MPI_INT8_T;
        if (typeof(T) == typeof(short)) return MpiAbi.MPI_INT16_T;
        if (typeof(T) == typeof(ushort)) return MpiAbi.MPI_UINT16_T;
        if (typeof(T) == typeof(char)) return MpiAbi.MPI_UINT16_T;
        if (typeof(T) == typeof(int)) return MpiAbi.MPI_INT32_T;
        if (typeof(T) == typeof(uint)) return MpiAbi.MPI_UINT32_T;
        if (typeof(T) == typeof(long)) return MpiAbi.MPI_INT64_T;
        if (typeof(T) == typeof(ulong)) return MpiAbi.MPI_UINT64_T;
        if (typeof(T) == typeof(nint)) return MpiAbi.MPI_AINT;
        if (typeof(T) == typeof(float)) return MpiAbi.MPI_FLOAT;
        if (typeof(T) == typeof(double)) return MpiAbi.MPI_DOUBLE;
        if (typeof(T) == typeof(bool)) return MpiAbi.MPI_C_BOOL;
        return MpiAbi.MPI_DATATYPE_NULL;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe int Create()
    {
        int h = Predefined();
        if (h == MpiAbi.MPI_DATATYPE_NULL)
        {
            MpiError.Check(MpiNative.MPI_Type_contiguous(sizeof(T), MpiAbi.MPI_BYTE, &h));
            MpiError.Check(MpiNative.MPI_Type_commit(&h));
            DerivedTypes.Track(h, static () => s_handle = MpiAbi.MPI_DATATYPE_NULL);
        }
        s_handle = h;
        return h;
    }

    /// <summary>Throws when <typeparamref name="T"/> cannot take part in a reduction.</summary>
    internal static void RequireReducible()
    {
        if (!IsPrimitive)
            throw new ArgumentException($"Reductions need a primitive numeric type; {typeof(T).Name} is carried as bytes.", nameof(T));
    }
}

/// <summary>The derived types the binding created; freed just before <c>MPI_Finalize</c> so MPICH reports no leaks.</summary>
internal static class DerivedTypes
{
    private static readonly List<(int Handle, Action Reset)> s_types = [];
    private static readonly Lock s_lock = new();

    public static void Track(int handle, Action reset)
    {
        lock (s_lock) s_types.Add((handle, reset));
    }

    public static unsafe void FreeAll()
    {
        lock (s_lock)
        {
            foreach (var (handle, reset) in s_types)
            {
                int h = handle;
                MpiNative.MPI_Type_free(&h);
                reset();
            }
            s_types.Clear();
        }
    }
}
