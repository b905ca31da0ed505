namespace MpiIo.Algorithms;

/// <summary>The values of ROMIO's <c>romio_ds_read</c> and <c>romio_ds_write</c> hints.</summary>
public enum DataSievingMode
{
    /// <summary>Decide per window from the blocks in it (OMPIO's rule: small blocks, small gaps); hint value <c>automatic</c>.</summary>
    Automatic,
    /// <summary>Always sieve windows of two or more pieces; hint value <c>enable</c>.</summary>
    Enable,
    /// <summary>Never sieve: list I/O of the blocks; hint value <c>disable</c>.</summary>
    Disable,
}
