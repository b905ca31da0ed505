using MpiIo.Mpi;

namespace MpiIo.Btio;

/// <summary>
/// The <c>epio</c> subtype, as NPB's <c>epio.f</c>: every process writes a file of its own
/// (<c>NAME.RANK</c>, opened on <c>MPI_COMM_SELF</c>), each dump its points in local order after the
/// dumps before it.
/// </summary>
internal sealed class EpioDumpFile : IDumpFile
{
    private readonly Communicator _comm;
    private readonly MpiFile _file;
    private readonly long _dumpBytes;

    private EpioDumpFile(Communicator comm, MpiFile file, long dumpBytes)
    {
        _comm = comm;
        _file = file;
        _dumpBytes = dumpBytes;
    }

    /// <summary>The file of rank <paramref name="rank"/>.</summary>
    public static string NameOf(string name, int rank) => $"{name}.{rank:D6}";

    /// <summary>Opens this rank's file (on <c>MPI_COMM_SELF</c>); every rank of <paramref name="comm"/> calls it.</summary>
    public static EpioDumpFile Open(Communicator comm, string name, Multipartition part, bool write, IReadOnlyDictionary<string, string>? hints)
    {
        var file = MpiFile.Open(Communicator.Self, NameOf(name, comm.Rank), write ? FileMode.Create | FileMode.ReadWrite : FileMode.ReadOnly, hints);
        return new EpioDumpFile(comm, file, part.Points * ProblemClass.PointBytes);
    }

    /// <inheritdoc/>
    public void Write(int dump, ReadOnlySpan<double> values) => _file.WriteAt(dump * _dumpBytes, values);

    /// <inheritdoc/>
    public long Read(int dump, Span<double> values) => _file.ReadAt(dump * _dumpBytes, values).Bytes;

    /// <inheritdoc/>
    public void Sync() => _file.Sync();

    /// <inheritdoc/>
    public long Size() => _comm.Allreduce(_file.GetSize(), Op.Sum);

    /// <inheritdoc/>
    public string CollectivePath => "";

    /// <inheritdoc/>
    public void Dispose() => _file.Close();
}
