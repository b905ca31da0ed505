namespace MpiIo.Storage;

/// <summary>
/// How a striped file's bytes are spread (PVFS's distribution): the file's server <c>k</c> (0 ≤ k &lt;
/// <see cref="ServerCount"/>) is I/O server <c>(Base + k) % n</c> of the file system's <c>n</c>, and stripe
/// <c>i</c> of <see cref="StripeSize"/> bytes lives on the file's server <c>i % ServerCount</c> — PVFS1's
/// <c>(i + base) % n</c> when the file uses every server. The pure arithmetic is <c>Striping.StripeMath</c>.
/// </summary>
/// <param name="StripeSize">Bytes per stripe (PVFS's <c>ssize</c>).</param>
/// <param name="ServerCount">Number of I/O servers the file uses (PVFS's <c>pcount</c>).</param>
/// <param name="Base">The first server (PVFS's <c>base</c>).</param>
public readonly record struct StripingLayout(long StripeSize, int ServerCount, int Base);
