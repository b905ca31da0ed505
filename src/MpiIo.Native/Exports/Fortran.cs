using MpiIo.Mpi.Native;
using MpiIo.Native.Files;
using MpiIo.Native.Interop;

namespace MpiIo.Native.Exports;

/// <summary>Argument conversions of the Fortran bindings: blank-padded strings, Fortran's ignored status.</summary>
internal static unsafe class Fortran
{
    private static nint s_statusIgnore;

    /// <summary>A Fortran string argument as a NUL-terminated C string: trailing blanks dropped, as MPICH's bindings do.</summary>
    public static byte[] Text(byte* s, nuint length)
    {
        if (s == null) return [0];
        var chars = new ReadOnlySpan<byte>(s, checked((int)length)).TrimEnd((byte)' ');
        var z = new byte[chars.Length + 1];
        chars.CopyTo(z);
        return z;
    }

    /// <summary>Copies the C string <paramref name="source"/> into a Fortran string of <paramref name="length"/> bytes, blank-padded.</summary>
    public static void Pad(byte* source, byte* target, nuint length)
    {
        var dst = new Span<byte>(target, checked((int)length));
        var src = new ReadOnlySpan<byte>(source, MpichConstants.MaxDatarepString);
        int n = src.IndexOf((byte)0);
        if (n < 0) n = src.Length;
        n = Math.Min(n, dst.Length);
        src[..n].CopyTo(dst);
        dst[n..].Fill((byte)' ');
    }

    /// <summary>
    /// A Fortran status argument as a C status: Fortran's <c>MPI_STATUS_IGNORE</c> (the address MPICH keeps in
    /// <c>MPI_F_STATUS_IGNORE</c> once its Fortran layer is initialised) becomes C's. MPICH's Fortran status is
    /// its C status, five integers.
    /// </summary>
    public static MpiStatusRaw* Status(int* status)
    {
        if (s_statusIgnore == 0)
        {
            nint variable = Mpich.Export("MPI_F_STATUS_IGNORE");
            if (variable != 0) s_statusIgnore = *(nint*)variable;
        }
        return status == null || (nint)status == s_statusIgnore ? Statuses.Ignore : (MpiStatusRaw*)status;
    }
}
