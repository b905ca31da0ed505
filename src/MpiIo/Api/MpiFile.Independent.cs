using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using MpiIo.Mpi;

namespace MpiIo;

// Independent data access: explicit offsets and the individual file pointer. Every variant funnels into
// Access(), which checks the arguments once and hands the access to IndependentAccess.
public sealed partial class MpiFile
{
    /// <summary><c>MPI_File_write_at</c>: writes <paramref name="count"/> copies of <paramref name="datatype"/> laid out in <paramref name="buffer"/> at view offset <paramref name="offset"/> (in etypes).</summary>
    /// <returns>The status: bytes written.</returns>
    public IoStatus WriteAt(long offset, ReadOnlySpan<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_write_at");
        return Write(offset, MemoryMarshal.AsBytes(buffer), 0, count, datatype);
    }

    /// <summary><c>MPI_File_write_at</c> of a span of unmanaged values.</summary>
    public IoStatus WriteAt<T>(long offset, ReadOnlySpan<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_write_at");
        return Write(offset, MemoryMarshal.AsBytes(data), 0, data.Length, Datatype.Of<T>());
    }

    /// <summary><c>MPI_File_read_at</c>: reads into <paramref name="count"/> copies of <paramref name="datatype"/> laid out in <paramref name="buffer"/>.</summary>
    /// <returns>The status: bytes read (fewer at end of file).</returns>
    public IoStatus ReadAt(long offset, Span<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_read_at");
        return Read(offset, buffer, 0, count, datatype);
    }

    /// <summary><c>MPI_File_read_at</c> into a span of unmanaged values.</summary>
    public IoStatus ReadAt<T>(long offset, Span<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_read_at");
        return Read(offset, MemoryMarshal.AsBytes(data), 0, data.Length, Datatype.Of<T>());
    }

    /// <summary><c>MPI_File_write</c>: writes at the individual file pointer and advances it.</summary>
    public IoStatus Write(ReadOnlySpan<byte> buffer, long count, Datatype datatype) => WriteCurrent(buffer, 0, count, datatype);

    /// <summary><c>MPI_File_write</c> of a span of unmanaged values.</summary>
    public IoStatus Write<T>(ReadOnlySpan<T> data) where T : unmanaged => Write(MemoryMarshal.AsBytes(data), data.Length, Datatype.Of<T>());

    /// <summary><c>MPI_File_read</c>: reads at the individual file pointer and advances it by the amount asked for.</summary>
    public IoStatus Read(Span<byte> buffer, long count, Datatype datatype) => ReadCurrent(buffer, 0, count, datatype);

    /// <summary><c>MPI_File_read</c> into a span of unmanaged values.</summary>
    public IoStatus Read<T>(Span<T> data) where T : unmanaged => Read(MemoryMarshal.AsBytes(data), data.Length, Datatype.Of<T>());

    /// <summary><c>MPI_File_seek</c>: moves the individual file pointer (in etypes of the view).</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a position before the start of the view or an unknown whence.</exception>
    public void Seek(long offset, Whence whence)
    {
        _ = Storage;
        if ((Amode & FileMode.Sequential) != 0)
            throw new MpiException(ErrorClass.UnsupportedOperation, "MPI_File_seek is not allowed on a file opened with Sequential.");
        long target = whence switch
        {
            Whence.Set => offset,
            Whence.Current => _position + offset,
            Whence.End => EndInEtypes() + offset,
            _ => throw new MpiException(ErrorClass.Arg, $"whence {(int)whence} is not MPI_SEEK_SET, _CUR or _END."),
        };
        if (target < 0) throw new MpiException(ErrorClass.Arg, $"Seek to a negative position ({target} etypes).");
        _position = target;
    }

    /// <summary><c>MPI_File_get_position</c>: the individual file pointer, in etypes of the view.</summary>
    public long GetPosition()
    {
        _ = Storage;
        return _position;
    }

    // The end of file expressed in the view: the first etype whose data lies at or after the file's end.
    private long EndInEtypes()
    {
        long size = Storage.GetSize();
        long viewByte = _view.ViewByteAtOrAfter(size);
        long e = _view.Etype.Size;
        return (viewByte + e - 1) / e;
    }

    /// <summary>A write at the individual file pointer, which advances by the amount asked for.</summary>
    internal IoStatus WriteCurrent(ReadOnlySpan<byte> buffer, long origin, long count, Datatype datatype)
    {
        long at = _position;
        var st = Write(at, buffer, origin, count, datatype);
        _position = at + Etypes(count, datatype);
        return st;
    }

    /// <summary>A read at the individual file pointer, which advances by the amount asked for.</summary>
    internal IoStatus ReadCurrent(Span<byte> buffer, long origin, long count, Datatype datatype)
    {
        long at = _position;
        var st = Read(at, buffer, origin, count, datatype);
        _position = at + Etypes(count, datatype);
        return st;
    }

    /// <summary>The core of every independent write: <paramref name="origin"/> is the buffer index of displacement 0 of the memory type.</summary>
    internal IoStatus Write(long offset, ReadOnlySpan<byte> buffer, long origin, long count, Datatype datatype)
    {
        var file = Storage;
        if ((Amode & FileMode.ReadOnly) != 0)
            throw new MpiException(ErrorClass.ReadOnly, $"'{Filename}' was opened ReadOnly.");
        long start = CheckAccess(offset, count, datatype);
        var access = AccessForCaller();
        try { return new IoStatus(access.Write(file, _view, start, buffer, origin, datatype, count, _sieving, _atomic)); }
        finally { ReleaseAccess(access); }
    }

    /// <summary>The core of every independent read.</summary>
    internal IoStatus Read(long offset, Span<byte> buffer, long origin, long count, Datatype datatype)
    {
        var file = Storage;
        if ((Amode & FileMode.WriteOnly) != 0)
            throw new MpiException(ErrorClass.Access, $"'{Filename}' was opened WriteOnly.");
        long start = CheckAccess(offset, count, datatype);
        var access = AccessForCaller();
        try { return new IoStatus(access.Read(file, _view, start, buffer, origin, datatype, count, _sieving, _atomic)); }
        finally { ReleaseAccess(access); }
    }

    // How far an access of count datatypes moves a file pointer: every pointer counts etypes of the view.
    private long Etypes(long count, Datatype datatype) => count * datatype.Size / _view.Etype.Size;

    // Checks shared by every access; returns the first view byte.
    private long CheckAccess(long offset, long count, Datatype datatype)
    {
        CheckDatatype(datatype, count);
        if (offset < 0) throw new MpiException(ErrorClass.Arg, $"offset must be nonnegative, got {offset}.");
        long etype = _view.Etype.Size;
        long bytes = count * datatype.Size;
        if (bytes % etype != 0)
            throw new MpiException(ErrorClass.IO, $"Only whole etypes can be accessed: {bytes} bytes of {datatype} is not a multiple of the etype's {etype}.");
        if (_view.Datarep == Views.FileView.External32Name && !External32.Supports(datatype))
            throw new MpiException(ErrorClass.UnsupportedDatarep, $"{datatype} cannot be converted to external32.");
        return checked(offset * etype);
    }

    private void CheckExplicitOffsets(string call)
    {
        if ((Amode & FileMode.Sequential) != 0)
            throw new MpiException(ErrorClass.UnsupportedOperation, $"{call} uses explicit offsets, which a file opened with Sequential does not allow.");
    }
}
