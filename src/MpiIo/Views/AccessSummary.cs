namespace MpiIo.Views;

/// <summary>
/// The file footprint of an access through a view: it spans [<see cref="FirstOffset"/>,
/// <see cref="EndOffset"/>) and touches <see cref="BlockCount"/> merged blocks holding
/// <see cref="DataBytes"/> bytes.
/// </summary>
/// <param name="FirstOffset">File offset of the first byte accessed.</param>
/// <param name="EndOffset">One past the file offset of the last byte accessed.</param>
/// <param name="BlockCount">Merged contiguous file blocks touched.</param>
/// <param name="DataBytes">Bytes accessed.</param>
public readonly record struct AccessSummary(long FirstOffset, long EndOffset, long BlockCount, long DataBytes)
{
    /// <summary>OMPIO's limit on the average block for data sieving: 1 MiB.</summary>
    public const long SievingMaxAverageBlock = 1 << 20;

    /// <summary>OMPIO's limit on the average gap for data sieving: 4 KiB.</summary>
    public const long SievingMaxAverageGap = 4 << 10;

    /// <summary>Average block length in bytes (0 for an empty access).</summary>
    public long AverageBlock => BlockCount == 0 ? 0 : DataBytes / BlockCount;

    /// <summary>Average bytes between blocks (0 for fewer than two blocks).</summary>
    public long AverageGap => BlockCount < 2 ? 0 : Math.Max(0, EndOffset - FirstOffset - DataBytes) / (BlockCount - 1);

    /// <summary>
    /// OMPIO's rule: data sieving pays when there is more than one block, the average block is at most
    /// 1 MiB and the average gap at most 4 KiB.
    /// </summary>
    public bool FavoursSieving =>
        BlockCount > 1 && AverageBlock <= SievingMaxAverageBlock && AverageGap <= SievingMaxAverageGap;
}
