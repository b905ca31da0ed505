namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>What a PVFS server does: PVFS2's metadata and data roles, in one process or split.</summary>
[Flags]
public enum PvfsRoles
{
    /// <summary>No role (invalid for a server).</summary>
    None = 0,
    /// <summary>Keeps the namespace: directories, entries, attributes, distributions.</summary>
    Metadata = 1,
    /// <summary>Keeps data objects (one local bytestream per object).</summary>
    IO = 2,
    /// <summary>Both roles.</summary>
    Both = Metadata | IO,
}
