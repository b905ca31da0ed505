namespace MpiIo.Storage.Pvfs;

/// <summary>One server of a configuration.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port (0 lets the server pick one; only for servers started in-process).</param>
/// <param name="Roles">Metadata, I/O or both.</param>
/// <param name="StorageDirectory">Where it keeps its objects (and the metadata database).</param>
public sealed record PvfsServerEndpoint(string Host, int Port, Protocol.PvfsRoles Roles, string StorageDirectory)
{
    /// <summary><c>host:port</c>, as error messages name a server.</summary>
    public string Address => $"{Host}:{Port}";
}
