using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Views;

namespace MpiIo;

// Nonblocking independent access. Arguments are checked when the access starts (errors raise at once);
// the transfer itself runs on the thread pool with an access engine of its own, against the view and
// hints in force when it started.
public sealed partial class MpiFile
{
    /// <summary><c>MPI_File_iwrite_at</c>.</summary>
    public IoRequest IWriteAt(long offset, ReadOnlyMemory<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_iwrite_at");
        return StartWrite(offset, buffer, count, datatype);
    }

    /// <summary><c>MPI_File_iwrite_at</c> of unmanaged values.</summary>
    public IoRequest IWriteAt<T>(long offset, ReadOnlyMemory<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_iwrite_at");
        return StartWrite(offset, data, data.Length, Datatype.Of<T>());
    }

    /// <summary><c>MPI_File_iread_at</c>.</summary>
    public IoRequest IReadAt(long offset, Memory<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_iread_at");
        return StartRead(offset, buffer, count, datatype);
    }

    /// <summary><c>MPI_File_iread_at</c> into unmanaged values.</summary>
    public IoRequest IReadAt<T>(long offset, Memory<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_iread_at");
        return StartRead(offset, data, data.Length, Datatype.Of<T>());
    }

    /// <summary><c>MPI_File_iwrite</c>: at the individual file pointer, which advances when the access starts.</summary>
    public IoRequest IWrite(ReadOnlyMemory<byte> buffer, long count, Datatype datatype)
    {
        long at = _position;
        var r = StartWrite(at, buffer, count, datatype);
        _position = at + Etypes(count, datatype);
        return r;
    }

    /// <summary><c>MPI_File_iwrite</c> of unmanaged values.</summary>
    public IoRequest IWrite<T>(ReadOnlyMemory<T> data) where T : unmanaged
    {
        long at = _position;
        var type = Datatype.Of<T>();
        var r = StartWrite(at, data, data.Length, type);
        _position = at + Etypes(data.Length, type);
        return r;
    }

    /// <summary><c>MPI_File_iread</c>: at the individual file pointer, which advances when the access starts.</summary>
    public IoRequest IRead(Memory<byte> buffer, long count, Datatype datatype)
    {
        long at = _position;
        var r = StartRead(at, buffer, count, datatype);
        _position = at + Etypes(count, datatype);
        return r;
    }

    /// <summary><c>MPI_File_iread</c> into unmanaged values.</summary>
    public IoRequest IRead<T>(Memory<T> data) where T : unmanaged
    {
        long at = _position;
        var type = Datatype.Of<T>();
        var r = StartRead(at, data, data.Length, type);
        _position = at + Etypes(data.Length, type);
        return r;
    }

    private IoRequest StartWrite<T>(long offset, ReadOnlyMemory<T> buffer, long count, Datatype datatype) where T : unmanaged =>
        // The access only reads the buffer; the writable view just lets both directions share one path.
        Start(offset, MemoryMarshal.AsMemory(buffer), count, datatype, write: true);

    private IoRequest StartRead<T>(long offset, Memory<T> buffer, long count, Datatype datatype) where T : unmanaged =>
        Start(offset, buffer, count, datatype, write: false);

    private IoRequest Start<T>(long offset, Memory<T> buffer, long count, Datatype datatype, bool write) where T : unmanaged
    {
        var file = Storage;
        if (write && (Amode & FileMode.ReadOnly) != 0)
            throw new MpiException(ErrorClass.ReadOnly, $"'{Filename}' was opened ReadOnly.");
        if (!write && (Amode & FileMode.WriteOnly) != 0)
            throw new MpiException(ErrorClass.Access, $"'{Filename}' was opened WriteOnly.");
        long start = CheckAccess(offset, count, datatype);
        FileView view = _view;
        var options = _sieving;
        bool atomic = _atomic;
        Interlocked.Increment(ref _pending);
        return new IoRequest(Task.Run(() =>
        {
            var access = RentAccess();
            try
            {
                var bytes = MemoryMarshal.AsBytes(buffer.Span);
                return write
                    ? access.Write(file, view, start, bytes, 0, datatype, count, options, atomic)
                    : access.Read(file, view, start, bytes, 0, datatype, count, options, atomic);
            }
            finally
            {
                ReturnAccess(access);
                Interlocked.Decrement(ref _pending);
            }
        }));
    }
}
