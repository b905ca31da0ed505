namespace MpiIo.Tests.CAbi;

/// <summary>
/// Where the C ABI library (<c>libmpiio.so</c>, issue 9) is: <c>MPIIO_NATIVE_LIB</c> when set, else
/// <c>artifacts/native/libmpiio.so</c>, as <c>./run-mpi.sh --preload</c> finds it.
/// </summary>
public static class PreloadLibrary
{
    /// <summary>The environment variable that names another build of the library.</summary>
    public const string EnvironmentVariable = "MPIIO_NATIVE_LIB";

    /// <summary>The library's path for an <c>MPIIO_NATIVE_LIB</c> value (null or empty: unset) and repository root.</summary>
    public static string PathFor(string? environmentValue, string root) =>
        string.IsNullOrEmpty(environmentValue) ? System.IO.Path.Combine(root, "artifacts", "native", "libmpiio.so") : environmentValue;

    /// <summary>
    /// The library's path when the file exists; otherwise null and a message saying how to build it (the
    /// tests fail with that message rather than skip, so a CI run without the library cannot pass).
    /// </summary>
    public static string? Find(string? environmentValue, string root, out string message)
    {
        var path = PathFor(environmentValue, root);
        if (File.Exists(path))
        {
            message = "";
            return System.IO.Path.GetFullPath(path);
        }
        message = string.IsNullOrEmpty(environmentValue)
            ? $"The C ABI library {path} is not built: run ./run-mpi.sh build (./run-mpi.sh test builds it before testing), or set {EnvironmentVariable} to a built libmpiio.so."
            : $"{EnvironmentVariable}={environmentValue} does not name a file: unset it to use artifacts/native/libmpiio.so from ./run-mpi.sh build, or point it at a built libmpiio.so.";
        return null;
    }

    /// <summary>The library's path, or a failed test saying how to build it.</summary>
    public static string Require()
    {
        var path = Find(Environment.GetEnvironmentVariable(EnvironmentVariable), Infrastructure.RepoPaths.Root, out var message);
        if (path == null) Assert.Fail(message);
        return path!;
    }
}
