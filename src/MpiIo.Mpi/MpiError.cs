using System.Runtime.CompilerServices;
using System.Text;
using MpiIo.Mpi.Native;

namespace MpiIo.Mpi;

/// <summary>Turns MPI return codes into <see cref="MpiException"/>s, in one place.</summary>
public static class MpiError
{
    /// <summary>Throws an <see cref="MpiException"/> when <paramref name="code"/> is not <c>MPI_SUCCESS</c>.</summary>
    /// <param name="code">The value an MPI function returned.</param>
    /// <param name="call">The MPI function's name, filled in by the compiler from the argument expression.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(int code, [CallerArgumentExpression(nameof(code))] string call = "")
    {
        if (code != MpiAbi.MPI_SUCCESS) Throw(code, call);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(int code, string call) => throw Create(code, call);

    /// <summary>Builds the exception for an MPI error code, asking the library for its class and text.</summary>
    public static unsafe MpiException Create(int code, string call)
    {
        int cls = code;
        if (MpiNative.MPI_Error_class(code, &cls) != MpiAbi.MPI_SUCCESS) cls = (int)ErrorClass.Unknown;
        var text = Describe(code);
        var name = call.Length == 0 ? "MPI call" : ShortName(call);
        return new MpiException(code, (ErrorClass)cls, $"{name} failed: {text} (class {(ErrorClass)cls}, code {code})");
    }

    /// <summary><c>MPI_Error_string</c> for a code.</summary>
    public static unsafe string Describe(int code)
    {
        byte* buf = stackalloc byte[MpiAbi.MPI_MAX_ERROR_STRING + 1];
        int len = 0;
        if (MpiNative.MPI_Error_string(code, buf, &len) != MpiAbi.MPI_SUCCESS) return $"MPI error {code}";
        return Encoding.UTF8.GetString(buf, len).TrimEnd('\0', ' ', '\n');
    }

    // "MpiNative.MPI_Send(p, ...)" → "MPI_Send"
    private static string ShortName(string call)
    {
        int paren = call.IndexOf('(');
        var head = paren < 0 ? call : call[..paren];
        int dot = head.LastIndexOf('.');
        return dot < 0 ? head : head[(dot + 1)..];
    }
}
