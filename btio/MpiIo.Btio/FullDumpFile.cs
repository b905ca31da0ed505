using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using MpiIo.Mpi;

namespace MpiIo.Btio;

/// <summary>
/// The <c>full</c> subtype, as NPB's <c>full_mpiio.f</c>: the element is 5 contiguous doubles, the file view
/// (set once) is the struct of the process's cells, each a 3-D Fortran-order subarray of the G³ grid, and
/// each dump is one <c>MPI_File_write_at_all</c> of the process's points at view offset dump × points —
/// the filetype's extent is the whole grid, so the next tile of the view is the next dump.
/// </summary>
internal sealed class FullDumpFile : IDumpFile
{
    private readonly MpiFile _file;
    private readonly long _points;
    private readonly Datatype _memoryType;
    private readonly long _memoryCount;

    private FullDumpFile(MpiFile file, long points, (Datatype Type, long Count) memory)
    {
        _file = file;
        _points = points;
        (_memoryType, _memoryCount) = memory;
    }

    /// <summary>Opens <paramref name="name"/> on <paramref name="comm"/> (collective) and sets the view; the dumps' memory is laid out by <paramref name="layout"/>.</summary>
    public static FullDumpFile Open(Communicator comm, string name, Multipartition part, MemoryLayout layout, bool write, IReadOnlyDictionary<string, string>? hints)
    {
        var element = Element();
        var filetype = FileType(part, element);
        var file = MpiFile.Open(comm, name, write ? FileMode.Create | FileMode.ReadWrite : FileMode.ReadOnly, hints);
        try
        {
            file.SetView(0, element, filetype, "native");
        }
        catch
        {
            file.Close();
            throw;
        }
        return new FullDumpFile(file, part.Points, layout.MemoryType(element));
    }

    /// <summary>One grid point: <c>MPI_Type_contiguous(5, MPI_DOUBLE)</c>, committed.</summary>
    public static Datatype Element() => Datatype.Contiguous(ProblemClass.Components, Datatype.Double).Commit();

    /// <summary>The process's filetype: <c>MPI_Type_create_struct</c> of its cells' subarrays, each at displacement 0.</summary>
    public static Datatype FileType(Multipartition part, Datatype element)
    {
        int g = part.GridSize;
        return CellStruct.Of(part.Cells.Count, c =>
        {
            var cell = part.Cells[c];
            return Datatype.Subarray([g, g, g], [cell.SizeI, cell.SizeJ, cell.SizeK], [cell.StartI, cell.StartJ, cell.StartK], Order.Fortran, element);
        });
    }

    /// <inheritdoc/>
    public void Write(int dump, ReadOnlySpan<double> values) =>
        _file.WriteAtAll(dump * _points, MemoryMarshal.AsBytes(values), _memoryCount, _memoryType);

    /// <inheritdoc/>
    public long Read(int dump, Span<double> values) =>
        _file.ReadAtAll(dump * _points, MemoryMarshal.AsBytes(values), _memoryCount, _memoryType).Bytes;

    /// <inheritdoc/>
    public void Sync() => _file.Sync();

    /// <inheritdoc/>
    public long Size() => _file.GetSize();

    /// <inheritdoc/>
    public string CollectivePath => _file.LastCollectivePath.ToString();

    /// <inheritdoc/>
    public void Dispose() => _file.Close();
}
