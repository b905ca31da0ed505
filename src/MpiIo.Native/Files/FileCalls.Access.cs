using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Errors;
using MpiIo.Native.Requests;
using MpiIo.Native.Runtime;

namespace MpiIo.Native.Files;

// Data access: blocking, nonblocking (generalized requests) and split collective.
internal static unsafe partial class FileCalls
{
    /// <summary>A blocking access (<c>MPI_File_read_at</c> … <c>MPI_File_write_ordered</c>).</summary>
    public static int Access(FileOp op, nint fh, long offset, void* buf, long count, int datatype, MpiStatusRaw* status)
    {
        NativeFile? file = null;
        try
        {
            file = Lookup(fh);
            var buffer = Prepare(op, buf, count, datatype, out var local);
            IoStatus st;
            try { st = Run(file.File, op, offset, buffer, count, local == null ? buffer.Type : null); }
            catch when (local != null) { throw local; }
            Statuses.Set(status, st.Bytes);
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, op.Blocking(), e); }
    }

    /// <summary>
    /// A nonblocking access (<c>MPI_File_iread_at</c> …). Under MPI_THREAD_MULTIPLE it runs in the background
    /// and the request completes when it is done; at lower thread levels it runs here, as ROMIO's do, and the
    /// request is complete when this returns. Errors found here come back from this call.
    /// </summary>
    public static int Start(FileOp op, nint fh, long offset, void* buf, long count, int datatype, int* request)
    {
        NativeFile? file = null;
        try
        {
            file = Lookup(fh);
            Require(request, "request");
            *request = MpiAbi.MPI_REQUEST_NULL;
            var buffer = Prepare(op, buf, count, datatype, out var local);
            var type = local == null ? buffer.Type : null;
            try
            {
                *request = Session.ThreadLevel == ThreadLevel.Multiple
                    ? FileRequests.Running(Launch(file.File, op, offset, buffer, count, type))
                    : FileRequests.Completed(Run(file.File, op, offset, buffer, count, type).Bytes);
            }
            catch when (local != null) { throw local; }
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, op.Nonblocking(), e); }
    }

    /// <summary>A split collective's begin call (<c>MPI_File_read_all_begin</c> …): argument errors come back from the end call, on every rank.</summary>
    public static int Begin(FileOp op, nint fh, long offset, void* buf, long count, int datatype)
    {
        NativeFile? file = null;
        try
        {
            file = Lookup(fh);
            var buffer = Prepare(op, buf, count, datatype, out var local);
            var type = local == null ? buffer.Type : null!;
            var f = file.File;
            switch (op)
            {
                case FileOp.ReadAtAll: f.ReadAtAllBegin(offset, buffer.Memory, count, type); break;
                case FileOp.WriteAtAll: f.WriteAtAllBegin(offset, buffer.Memory, count, type); break;
                case FileOp.ReadAll: f.ReadAllBegin(buffer.Memory, count, type); break;
                case FileOp.WriteAll: f.WriteAllBegin(buffer.Memory, count, type); break;
                case FileOp.ReadOrdered: f.ReadOrderedBegin(buffer.Memory, count, type); break;
                case FileOp.WriteOrdered: f.WriteOrderedBegin(buffer.Memory, count, type); break;
                default: throw new MpiException(ErrorClass.Intern, $"{op} has no split form.");
            }
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, op.Begin(), e); }
    }

    /// <summary>A split collective's end call: the status of the access its begin call started.</summary>
    public static int End(FileOp op, nint fh, MpiStatusRaw* status)
    {
        NativeFile? file = null;
        try
        {
            file = Lookup(fh);
            var f = file.File;
            var st = op switch
            {
                FileOp.ReadAtAll => f.ReadAtAllEnd(),
                FileOp.WriteAtAll => f.WriteAtAllEnd(),
                FileOp.ReadAll => f.ReadAllEnd(),
                FileOp.WriteAll => f.WriteAllEnd(),
                FileOp.ReadOrdered => f.ReadOrderedEnd(),
                FileOp.WriteOrdered => f.WriteOrderedEnd(),
                _ => throw new MpiException(ErrorClass.Intern, $"{op} has no split form."),
            };
            Statuses.Set(status, st.Bytes);
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, op.End(), e); }
    }

    /// <summary>
    /// The buffer and memory type of an access. A collective must not skip its messages on one rank, so
    /// there a local failure is kept in <paramref name="local"/> (the caller passes a null type, which MpiIo
    /// turns into an error agreed on every rank); an independent access throws at once.
    /// </summary>
    private static UserBuffer Prepare(FileOp op, void* buf, long count, int datatype, out Exception? local)
    {
        local = null;
        try { return UserBuffer.Of(buf, count, Session.Types.Get(datatype)); }
        catch (Exception e) when (op.IsCollective())
        {
            local = e;
            return default;
        }
    }

    private static IoStatus Run(MpiFile f, FileOp op, long offset, UserBuffer b, long count, Datatype? t)
    {
        var type = t!;
        return op switch
        {
            FileOp.ReadAt => f.ReadAt(offset, b.Span, count, type),
            FileOp.WriteAt => f.WriteAt(offset, b.Span, count, type),
            FileOp.ReadAtAll => f.ReadAtAll(offset, b.Span, count, type),
            FileOp.WriteAtAll => f.WriteAtAll(offset, b.Span, count, type),
            FileOp.Read => f.Read(b.Span, count, type),
            FileOp.Write => f.Write(b.Span, count, type),
            FileOp.ReadAll => f.ReadAll(b.Span, count, type),
            FileOp.WriteAll => f.WriteAll(b.Span, count, type),
            FileOp.ReadShared => f.ReadShared(b.Span, count, type),
            FileOp.WriteShared => f.WriteShared(b.Span, count, type),
            FileOp.ReadOrdered => f.ReadOrdered(b.Span, count, type),
            FileOp.WriteOrdered => f.WriteOrdered(b.Span, count, type),
            _ => throw new MpiException(ErrorClass.Intern, $"Unknown access {op}."),
        };
    }

    private static IoRequest Launch(MpiFile f, FileOp op, long offset, UserBuffer b, long count, Datatype? t)
    {
        var type = t!;
        return op switch
        {
            FileOp.ReadAt => f.IReadAt(offset, b.Memory, count, type),
            FileOp.WriteAt => f.IWriteAt(offset, b.Memory, count, type),
            FileOp.ReadAtAll => f.IReadAtAll(offset, b.Memory, count, type),
            FileOp.WriteAtAll => f.IWriteAtAll(offset, b.Memory, count, type),
            FileOp.Read => f.IRead(b.Memory, count, type),
            FileOp.Write => f.IWrite(b.Memory, count, type),
            FileOp.ReadAll => f.IReadAll(b.Memory, count, type),
            FileOp.WriteAll => f.IWriteAll(b.Memory, count, type),
            FileOp.ReadShared => f.IReadShared(b.Memory, count, type),
            FileOp.WriteShared => f.IWriteShared(b.Memory, count, type),
            _ => throw new MpiException(ErrorClass.Intern, $"{op} has no nonblocking form."),
        };
    }
}
