namespace MpiIo.Storage;

/// <summary>
/// How a striped file's bytes are spread (PVFS's distribution): stripe <c>i</c> of <see cref="StripeSize"/>
/// bytes lives on server <c>(i + Base) % ServerCount</c> of the file's servers.
/// </summary>
/// <param name="StripeSize">Bytes per stripe (PVFS's <c>ssize</c>).</param>
/// <param name="ServerCount">Number of I/O servers the file uses (PVFS's <c>pcount</c>).</param>
/// <param name="Base">The first server (PVFS's <c>base</c>).</param>
public readonly record struct StripingLayout(long StripeSize, int ServerCount, int Base);
