using MpiIo.Mpi;

namespace MpiIo.Storage.Pvfs;

/// <summary>
/// Names in the PVFS namespace: absolute, '/'-separated, components of 1–255 bytes without NUL, '.' or '..'.
/// Names never reach the servers' local file systems (objects are stored by numeric handle), but both sides
/// reject escaping names so a bad name fails loudly instead of meaning something else.
/// </summary>
public static class PvfsPath
{
    /// <summary>Longest accepted path.</summary>
    public const int MaxLength = 4096;

    /// <summary>Longest accepted component.</summary>
    public const int MaxComponent = 255;

    /// <summary>Checks <paramref name="path"/> and returns its components.</summary>
    /// <exception cref="StorageException"><c>MPI_ERR_BAD_FILE</c> naming the path and the reason.</exception>
    public static string[] Split(string path)
    {
        if (path.Length == 0 || path[0] != '/')
            throw Bad(path, "must be absolute");
        if (path.Length > MaxLength)
            throw Bad(path, $"longer than {MaxLength}");
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (string part in parts)
        {
            if (part is "." or "..")
                throw Bad(path, "'.' and '..' are not allowed");
            if (part.Contains('\0', StringComparison.Ordinal))
                throw Bad(path, "NUL is not allowed");
            if (part.Length > MaxComponent)
                throw Bad(path, $"a component is longer than {MaxComponent}");
        }
        return parts;
    }

    /// <summary>The canonical form of <paramref name="path"/> ("/a/b", no trailing or doubled slashes).</summary>
    public static string Normalize(string path) => "/" + string.Join('/', Split(path));

    private static StorageException Bad(string path, string why)
        => new(ErrorClass.BadFile, $"pvfs: invalid path '{path.Replace("\0", "\\0", StringComparison.Ordinal)}': {why}");
}
