namespace MpiIo.Native.Files;

/// <summary>The data-access calls of the MPI file interface, in MPI's positioning × coordination grid.</summary>
internal enum FileOp
{
    ReadAt, WriteAt, ReadAtAll, WriteAtAll,
    Read, Write, ReadAll, WriteAll,
    ReadShared, WriteShared, ReadOrdered, WriteOrdered,
}

/// <summary>What each <see cref="FileOp"/> is.</summary>
internal static class FileOps
{
    private static readonly string[] s_names =
    [
        "read_at", "write_at", "read_at_all", "write_at_all",
        "read", "write", "read_all", "write_all",
        "read_shared", "write_shared", "read_ordered", "write_ordered",
    ];

    /// <summary>Whether the call writes.</summary>
    public static bool Writes(this FileOp op) => ((int)op & 1) != 0;

    /// <summary>Whether every rank of the file takes part.</summary>
    public static bool IsCollective(this FileOp op) => op is FileOp.ReadAtAll or FileOp.WriteAtAll or FileOp.ReadAll
        or FileOp.WriteAll or FileOp.ReadOrdered or FileOp.WriteOrdered;

    /// <summary>The MPI name of the blocking call, e.g. <c>MPI_File_read_at</c>.</summary>
    public static string Blocking(this FileOp op) => "MPI_File_" + s_names[(int)op];

    /// <summary>The MPI name of the nonblocking call, e.g. <c>MPI_File_iread_at</c>.</summary>
    public static string Nonblocking(this FileOp op) => "MPI_File_i" + s_names[(int)op];

    /// <summary>The MPI name of the split collective's begin call, e.g. <c>MPI_File_read_all_begin</c>.</summary>
    public static string Begin(this FileOp op) => "MPI_File_" + s_names[(int)op] + "_begin";

    /// <summary>The MPI name of the split collective's end call.</summary>
    public static string End(this FileOp op) => "MPI_File_" + s_names[(int)op] + "_end";
}
