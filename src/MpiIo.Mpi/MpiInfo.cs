using System.Text;
using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>An MPI info object (<c>MPI_Info</c>): string hints passed to MPI calls. Freed by <see cref="Dispose"/>.</summary>
public sealed unsafe class MpiInfo : IDisposable
{
    private int _handle;

    private MpiInfo(int handle) => _handle = handle;

    /// <summary><c>MPI_Info_create</c>.</summary>
    public static MpiInfo Create()
    {
        int h;
        MpiError.Check(MpiNative.MPI_Info_create(&h));
        return new MpiInfo(h);
    }

    /// <summary><c>MPI_Info_create</c> and <c>MPI_Info_set</c> for each pair.</summary>
    public static MpiInfo Create(IEnumerable<KeyValuePair<string, string>> hints)
    {
        var info = Create();
        foreach (var (k, v) in hints) info.Set(k, v);
        return info;
    }

    /// <summary>The raw handle.</summary>
    public int Handle => _handle != MpiAbi.MPI_INFO_NULL ? _handle : throw new ObjectDisposedException(nameof(MpiInfo));

    /// <summary><c>MPI_Info_dup</c>.</summary>
    public MpiInfo Dup()
    {
        int h;
        MpiError.Check(MpiNative.MPI_Info_dup(Handle, &h));
        return new MpiInfo(h);
    }

    /// <summary><c>MPI_Info_set</c>.</summary>
    public void Set(string key, string value)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(value);
        if (Encoding.UTF8.GetByteCount(value) > MpiAbi.MPI_MAX_INFO_VAL)
            throw new MpiException(ErrorClass.InfoValue, $"The value of info key '{key}' is longer than MPI_MAX_INFO_VAL ({MpiAbi.MPI_MAX_INFO_VAL}).");
        fixed (byte* k = Utf8z(key))
        fixed (byte* v = Utf8z(value))
            MpiError.Check(MpiNative.MPI_Info_set(Handle, k, v));
    }

    /// <summary><c>MPI_Info_get</c>.</summary>
    /// <returns>Whether the key is set.</returns>
    public bool TryGet(string key, out string value)
    {
        CheckKey(key);
        value = "";
        fixed (byte* k = Utf8z(key))
        {
            int len, flag;
            MpiError.Check(MpiNative.MPI_Info_get_valuelen(Handle, k, &len, &flag));
            if (flag == 0) return false;
            var buf = new byte[len + 1];
            fixed (byte* v = buf)
                MpiError.Check(MpiNative.MPI_Info_get(Handle, k, len + 1, v, &flag));
            value = Encoding.UTF8.GetString(buf, 0, len);
            return flag != 0;
        }
    }

    /// <summary>The value of <paramref name="key"/>, or <c>null</c>.</summary>
    public string? this[string key] => TryGet(key, out var v) ? v : null;

    /// <summary><c>MPI_Info_delete</c>; raises <see cref="ErrorClass.InfoNoKey"/> when the key is not set.</summary>
    public void Delete(string key)
    {
        CheckKey(key);
        fixed (byte* k = Utf8z(key))
            MpiError.Check(MpiNative.MPI_Info_delete(Handle, k));
    }

    /// <summary>The keys in order (<c>MPI_Info_get_nkeys</c>, <c>MPI_Info_get_nthkey</c>).</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            int n;
            MpiError.Check(MpiNative.MPI_Info_get_nkeys(Handle, &n));
            var keys = new string[n];
            byte* buf = stackalloc byte[MpiAbi.MPI_MAX_INFO_KEY + 1];
            for (int i = 0; i < n; i++)
            {
                MpiError.Check(MpiNative.MPI_Info_get_nthkey(Handle, i, buf));
                keys[i] = Encoding.UTF8.GetString(new ReadOnlySpan<byte>(buf, MpiAbi.MPI_MAX_INFO_KEY + 1).SliceToNull());
            }
            return keys;
        }
    }

    /// <summary>Every key and value of an info object this binding does not own (e.g. one a C program passed in); it is not freed.</summary>
    public static IReadOnlyDictionary<string, string> ToDictionary(int handle) => new MpiInfo(handle).ToDictionary();

    /// <summary>Every key and value.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var k in Keys) if (TryGet(k, out var v)) d[k] = v;
        return d;
    }

    /// <summary><c>MPI_Info_free</c>.</summary>
    public void Dispose()
    {
        if (_handle == MpiAbi.MPI_INFO_NULL) return;
        int h = _handle;
        _handle = MpiAbi.MPI_INFO_NULL;
        MpiError.Check(MpiNative.MPI_Info_free(&h));
    }

    private static void CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int n = Encoding.UTF8.GetByteCount(key);
        if (n == 0 || n > MpiAbi.MPI_MAX_INFO_KEY)
            throw new MpiException(ErrorClass.InfoKey, $"Info key '{key}' must have 1 to MPI_MAX_INFO_KEY ({MpiAbi.MPI_MAX_INFO_KEY}) bytes.");
    }

    private static byte[] Utf8z(string s)
    {
        var b = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, b);
        return b;
    }
}

internal static class SpanExtensions
{
    public static ReadOnlySpan<byte> SliceToNull(this ReadOnlySpan<byte> s)
    {
        int i = s.IndexOf((byte)0);
        return i < 0 ? s : s[..i];
    }
}
