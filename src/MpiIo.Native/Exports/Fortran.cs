using MpiIo.Mpi.Native;
using MpiIo.Native.Files;
using MpiIo.Native.Interop;

namespace MpiIo.Native.Exports;

/// <summary>Argument conversions of the Fortran bindings: blank-padded strings, Fortran's ignored status.</summary>
internal static unsafe class Fortran
{
    private static nint s_statusIgnore;
    private static nint s_bottom = -1; // -1: not looked up yet; 0: no Fortran MPI_BOTTOM in this process

    /// <summary>A Fortran string argument as a NUL-terminated C string: trailing blanks dropped, as MPICH's bindings do.</summary>
    public static byte[] Text(byte* s, nuint length)
    {
        if (s == null) return [0];
        var chars = new ReadOnlySpan<byte>(s, Length(length)).TrimEnd((byte)' ');
        var z = new byte[chars.Length + 1];
        chars.CopyTo(z);
        return z;
    }

    /// <summary>Copies the C string <paramref name="source"/> into a Fortran string of <paramref name="length"/> bytes, blank-padded.</summary>
    public static void Pad(byte* source, byte* target, nuint length)
    {
        var dst = new Span<byte>(target, Length(length));
        var src = new ReadOnlySpan<byte>(source, MpichConstants.MaxDatarepString);
        int n = src.IndexOf((byte)0);
        if (n < 0) n = src.Length;
        n = Math.Min(n, dst.Length);
        src[..n].CopyTo(dst);
        dst[n..].Fill((byte)' ');
    }

    // A hidden length as a span length; nothing may throw before the call's own error handling starts.
    private static int Length(nuint length) => (int)Math.Min(length, (nuint)int.MaxValue);

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

    /// <summary>
    /// A Fortran buffer argument as a C one: Fortran's <c>MPI_BOTTOM</c> (a common block whose address MPICH's
    /// Fortran layer keeps in <c>MPIR_F_MPI_BOTTOM</c>) becomes C's, the null address, so datatypes of absolute
    /// addresses work.
    /// </summary>
    public static void* Buffer(void* buf)
    {
        if (s_bottom == -1)
        {
            nint bottom = 0;
            try
            {
                if (System.Runtime.InteropServices.NativeLibrary.TryLoad("libmpichfort.so.12", out var fort)
                    && System.Runtime.InteropServices.NativeLibrary.TryGetExport(fort, "MPIR_F_MPI_BOTTOM", out var variable))
                    bottom = *(nint*)variable;
            }
            catch (BadImageFormatException)
            {
                // Not MPICH's Fortran library: no Fortran MPI_BOTTOM to translate.
            }
            s_bottom = bottom;
        }
        return s_bottom != 0 && (nint)buf == s_bottom ? null : buf;
    }
}
