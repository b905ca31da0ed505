namespace MpiIo.Btio;

/// <summary>
/// The file (or, for epio, the files) the dumps go to, open for writing or for reading back. Every rank
/// calls every member in the same order; the collective subtype's calls are collective.
/// </summary>
internal interface IDumpFile : IDisposable
{
    /// <summary>Writes dump <paramref name="dump"/>: the process's values in local order.</summary>
    void Write(int dump, ReadOnlySpan<double> values);

    /// <summary>Reads dump <paramref name="dump"/> back into <paramref name="values"/>.</summary>
    /// <returns>Bytes read (fewer than asked when the file is short).</returns>
    long Read(int dump, Span<double> values);

    /// <summary><c>MPI_File_sync</c>.</summary>
    void Sync();

    /// <summary>Bytes in the file (the sum over the ranks' files for epio); a collective call.</summary>
    long Size();

    /// <summary>How the last collective access moved its data, for the report ("" when the subtype has none).</summary>
    string CollectivePath { get; }
}
