namespace MpiIo.Storage.Pvfs.Protocol;

/// <summary>Operations of the PVFS wire protocol. Which role serves which is noted per member.</summary>
public enum PvfsOpcode : ushort
{
    /// <summary>Any role: liveness and identity (<see cref="PvfsServerInfo"/>).</summary>
    Ping = 1,
    /// <summary>Any role: the configuration text every server shares.</summary>
    GetConfig = 2,
    /// <summary>Any role: first half of the shared-secret handshake (client nonce → server nonce and proof).</summary>
    AuthBegin = 3,
    /// <summary>Any role: second half of the handshake (client proof).</summary>
    AuthProof = 4,
    /// <summary>Any role: bytes used and free, object count, uptime, roles (<see cref="PvfsStatfs"/>).</summary>
    Statfs = 5,

    /// <summary>I/O role: creates an empty data object (bytestream) and returns its handle.</summary>
    CreateData = 16,
    /// <summary>I/O role: removes a data object.</summary>
    RemoveData = 17,
    /// <summary>I/O role: the bytestream sizes of data objects.</summary>
    GetSize = 18,
    /// <summary>I/O role: sets a bytestream's size.</summary>
    Truncate = 19,
    /// <summary>I/O role: makes a data object durable (fsync).</summary>
    Flush = 20,
    /// <summary>I/O role: reads this server's part of a region (one request per server per access).</summary>
    Read = 21,
    /// <summary>I/O role: writes this server's part of a region.</summary>
    Write = 22,

    /// <summary>Metadata role: resolves a path to its attributes.</summary>
    Lookup = 32,
    /// <summary>Metadata role: enters a file whose data objects already exist (metadata and directory entry in one transaction).</summary>
    Create = 33,
    /// <summary>Metadata role: makes a directory.</summary>
    Mkdir = 34,
    /// <summary>Metadata role: lists a directory, one page at a time.</summary>
    ReadDir = 35,
    /// <summary>Metadata role: removes a file or an empty directory and returns what it was.</summary>
    Remove = 36,
    /// <summary>Metadata role: changes a file's mode and modification time.</summary>
    SetAttr = 37,
}
