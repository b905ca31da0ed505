using MpiIo.Algorithms;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Views;

namespace MpiIo;

// File views and PVFS's strided partitions.
public sealed partial class MpiFile
{
    /// <summary><c>MPI_DISPLACEMENT_CURRENT</c>: with <see cref="FileMode.Sequential"/>, the view starts at the current position.</summary>
    public const long DisplacementCurrent = MpiAbi.MPI_DISPLACEMENT_CURRENT;

    /// <summary>
    /// <c>MPI_File_set_view</c> (collective): the file as this rank sees it from now on, <paramref name="filetype"/>
    /// tiled from byte <paramref name="disp"/>, in units of <paramref name="etype"/>. Resets the file pointers to 0.
    /// </summary>
    /// <param name="disp">Absolute byte displacement of the view (≥ 0), or <see cref="DisplacementCurrent"/> in sequential mode.</param>
    /// <param name="etype">The elementary type: offsets count in its size.</param>
    /// <param name="filetype">The type tiled over the file; its typemap must be nonnegative and nondecreasing.</param>
    /// <param name="datarep"><c>native</c>, <c>internal</c> or <c>external32</c>.</param>
    /// <param name="hints">Hints to apply with the view.</param>
    /// <exception cref="MpiException">
    /// On every rank: <see cref="ErrorClass.Arg"/> (negative disp, filetype size not a multiple of the etype's),
    /// <see cref="ErrorClass.IO"/> (negative, decreasing or overlapping filetype displacements),
    /// <see cref="ErrorClass.UnsupportedDatarep"/>, <see cref="ErrorClass.Type"/> (uncommitted types).
    /// </exception>
    public void SetView(long disp, Datatype etype, Datatype filetype, string datarep = FileView.Native, IReadOnlyDictionary<string, string>? hints = null)
    {
        FileView? view = null;
        FileHints? newHints = null;
        Exception? local = null;
        try
        {
            _ = Storage;
            RequirePendingNone("MPI_File_set_view");
            CheckDatatype(etype, 0);
            CheckDatatype(filetype, 0);
            if (disp == DisplacementCurrent)
            {
                if ((Amode & FileMode.Sequential) == 0)
                    throw new MpiException(ErrorClass.Arg, "disp MPI_DISPLACEMENT_CURRENT needs a file opened with Sequential.");
                disp = GetByteOffset(_position);
            }
            view = FileView.Create(disp, etype, filetype, datarep, readOnlyFile: (Amode & FileMode.ReadOnly) != 0);
            newHints = hints == null ? _hints : _hints.With(hints);
        }
        catch (Exception e) { local = e; }
        Agreement.Agree(_comm, local, "MPI_File_set_view");
        _view = view!;
        _partition = null;
        _position = 0;
        ApplyHints(newHints!);
        // The shared pointer restarts too; the barrier keeps every rank from claiming before the reset.
        if (_comm.Rank == 0) _shared.Set(0);
        _coll.Barrier();
    }

    /// <summary><c>MPI_File_get_view</c>: the view in force.</summary>
    public (long Disp, Datatype Etype, Datatype Filetype, string Datarep) GetView() => (_view.Disp, _view.Etype, _view.Filetype, _view.Datarep);

    /// <summary>The view in force.</summary>
    public FileView View => _view;

    /// <summary>
    /// PVFS's strided partition (<c>SetPartition</c> of the PVFS ioctl interface): partition byte <c>off</c>
    /// lives at <c>(off / gsize) * stride + off % gsize + offset</c>; <c>gsize == stride</c> or a zero means
    /// contiguous. A local call; resets the individual file pointer to 0. It replaces the view (etype: byte).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for negative values or gsize &gt; stride.</exception>
    public void SetPartition(long offset, long gsize, long stride)
    {
        _ = Storage;
        RequirePendingNone("SetPartition");
        var partition = new StridedPartition(offset, gsize, stride);
        _view = partition.ToView();
        _partition = partition;
        _position = 0;
    }

    /// <summary>The strided partition set by <see cref="SetPartition"/>; (0, 0, 0) when none is set.</summary>
    public (long Offset, long GroupSize, long Stride) GetPartition() =>
        _partition is null ? (0, 0, 0) : (_partition.Offset, _partition.GroupSize, _partition.Stride);

    /// <summary><c>MPI_File_get_byte_offset</c>: the absolute byte offset of view position <paramref name="offset"/> (in etypes).</summary>
    public long GetByteOffset(long offset)
    {
        if (offset < 0) throw new MpiException(ErrorClass.Arg, $"offset must be nonnegative, got {offset}.");
        return _view.FileOffsetOf(checked(offset * _view.Etype.Size));
    }

    /// <summary><c>MPI_File_get_type_extent</c>: the extent of <paramref name="datatype"/> in the file's data representation.</summary>
    public long GetTypeExtent(Datatype datatype)
    {
        CheckDatatype(datatype, 0);
        if (_view.Datarep == FileView.External32Name && !External32.Supports(datatype))
            return External32.UnconvertedSize(datatype)
                ?? throw new MpiException(ErrorClass.UnsupportedDatarep, $"{datatype} holds a type this layer does not convert to external32.");
        return datatype.Extent;
    }

    private void RequirePendingNone(string call)
    {
        // A split or nonblocking collective's own core passes: independent accesses may overlap it.
        if (OnCollectiveWorker) return;
        RequireCollectiveNone(call);
        if (Volatile.Read(ref _pending) != 0)
            throw new MpiException(ErrorClass.Request, $"{call} while nonblocking accesses of '{Filename}' are pending.");
    }
}
