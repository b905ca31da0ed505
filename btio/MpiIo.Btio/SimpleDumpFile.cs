using MpiIo.Datatypes;
using MpiIo.Mpi;

namespace MpiIo.Btio;

/// <summary>
/// The <c>simple</c> subtype, as NPB's <c>simple_mpiio.f</c>: a view of doubles, and per dump one
/// independent <c>MPI_File_write_at</c> for every contiguous run of points (an i-line of a cell).
/// </summary>
internal sealed class SimpleDumpFile : IDumpFile
{
    private readonly MpiFile _file;
    private readonly Multipartition _part;
    private readonly long _doublesPerDump;

    private SimpleDumpFile(MpiFile file, Multipartition part, long doublesPerDump)
    {
        _file = file;
        _part = part;
        _doublesPerDump = doublesPerDump;
    }

    /// <summary>Opens <paramref name="name"/> on <paramref name="comm"/> (collective) with a view of doubles.</summary>
    public static SimpleDumpFile Open(Communicator comm, string name, Multipartition part, bool write, IReadOnlyDictionary<string, string>? hints)
    {
        var file = MpiFile.Open(comm, name, write ? FileMode.Create | FileMode.ReadWrite : FileMode.ReadOnly, hints);
        try
        {
            file.SetView(0, Datatype.Double, Datatype.Double, "native");
        }
        catch
        {
            file.Close();
            throw;
        }
        long g = part.GridSize;
        return new SimpleDumpFile(file, part, ProblemClass.Components * g * g * g);
    }

    /// <inheritdoc/>
    public void Write(int dump, ReadOnlySpan<double> values)
    {
        int at = 0;
        foreach (var c in _part.Cells)
        {
            int run = ProblemClass.Components * c.SizeI;
            for (int k = c.StartK; k < c.StartK + c.SizeK; k++)
                for (int j = c.StartJ; j < c.StartJ + c.SizeJ; j++)
                {
                    _file.WriteAt(RunOffset(dump, c.StartI, j, k), values.Slice(at, run));
                    at += run;
                }
        }
    }

    /// <inheritdoc/>
    public long Read(int dump, Span<double> values)
    {
        int at = 0;
        long bytes = 0;
        foreach (var c in _part.Cells)
        {
            int run = ProblemClass.Components * c.SizeI;
            for (int k = c.StartK; k < c.StartK + c.SizeK; k++)
                for (int j = c.StartJ; j < c.StartJ + c.SizeJ; j++)
                {
                    bytes += _file.ReadAt(RunOffset(dump, c.StartI, j, k), values.Slice(at, run)).Bytes;
                    at += run;
                }
        }
        return bytes;
    }

    // In doubles: the run's first point in the dump, after the dumps before it.
    private long RunOffset(int dump, int i, int j, int k) => dump * _doublesPerDump + ProblemClass.Components * _part.PointIndex(i, j, k);

    /// <inheritdoc/>
    public void Sync() => _file.Sync();

    /// <inheritdoc/>
    public long Size() => _file.GetSize();

    /// <inheritdoc/>
    public string CollectivePath => "";

    /// <inheritdoc/>
    public void Dispose() => _file.Close();
}
