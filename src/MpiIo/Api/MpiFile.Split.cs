using System.Runtime.InteropServices;
using MpiIo.Datatypes;
using MpiIo.Errors;
using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo;

// Split collectives: a _begin call starts the collective the way a nonblocking collective starts, and the
// matching _end call completes it. MPI allows one active split collective per file; ROMIO reports a second
// _begin, and an _end with none active, as MPI_ERR_IO, and so do we.
public sealed partial class MpiFile
{
    /// <summary>
    /// <c>MPI_File_write_at_all_begin</c>: starts a split collective write at view offset <paramref name="offset"/>
    /// (in etypes); <see cref="WriteAtAllEnd"/> completes it. <paramref name="buffer"/> must stay untouched until then.
    /// </summary>
    /// <remarks>
    /// Under <see cref="ThreadLevel.Multiple"/> the collective progresses on its own thread between the two
    /// calls; otherwise it does all its work here (see <see cref="CollectivesRunInBackground"/>). Until the end
    /// call no other collective access, <see cref="SetView"/> or <see cref="Close"/> is accepted on this file.
    /// </remarks>
    /// <exception cref="StorageException"><see cref="ErrorClass.IO"/> at once when a split collective is already active
    /// (<see cref="MpiException"/> with <see cref="ErrorClass.Request"/> when a nonblocking collective is pending).
    /// Argument and I/O errors are raised by the end call, on every rank.</exception>
    public void WriteAtAllBegin(long offset, ReadOnlyMemory<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_write_at_all_begin");
        StartWriteAtAll("MPI_File_write_at_all_begin", split: true, offset, buffer, count, datatype);
    }

    /// <summary><c>MPI_File_write_at_all_begin</c> of unmanaged values; see <see cref="WriteAtAllBegin(long, ReadOnlyMemory{byte}, long, Datatype)"/>.</summary>
    public void WriteAtAllBegin<T>(long offset, ReadOnlyMemory<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_write_at_all_begin");
        StartWriteAtAll("MPI_File_write_at_all_begin", split: true, offset, data, data.Length, Datatype.Of<T>());
    }

    /// <summary><c>MPI_File_write_at_all_end</c>: completes the active <see cref="WriteAtAllBegin(long, ReadOnlyMemory{byte}, long, Datatype)"/>.</summary>
    /// <returns>The status: bytes written.</returns>
    /// <exception cref="StorageException"><see cref="ErrorClass.IO"/> when no split collective, or another kind, is active.</exception>
    public IoStatus WriteAtAllEnd() => EndSplit("MPI_File_write_at_all_begin", "MPI_File_write_at_all_end");

    /// <summary><c>MPI_File_read_at_all_begin</c>: starts a split collective read; see <see cref="WriteAtAllBegin(long, ReadOnlyMemory{byte}, long, Datatype)"/>.</summary>
    public void ReadAtAllBegin(long offset, Memory<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_read_at_all_begin");
        StartReadAtAll("MPI_File_read_at_all_begin", split: true, offset, buffer, count, datatype);
    }

    /// <summary><c>MPI_File_read_at_all_begin</c> into unmanaged values.</summary>
    public void ReadAtAllBegin<T>(long offset, Memory<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_read_at_all_begin");
        StartReadAtAll("MPI_File_read_at_all_begin", split: true, offset, data, data.Length, Datatype.Of<T>());
    }

    /// <summary><c>MPI_File_read_at_all_end</c>: completes the active <see cref="ReadAtAllBegin(long, Memory{byte}, long, Datatype)"/>.</summary>
    /// <returns>The status: bytes read (fewer at end of file).</returns>
    public IoStatus ReadAtAllEnd() => EndSplit("MPI_File_read_at_all_begin", "MPI_File_read_at_all_end");

    /// <summary>
    /// <c>MPI_File_write_all_begin</c>: starts a split collective write at the individual file pointer, which
    /// advances now (valid arguments only); see <see cref="WriteAtAllBegin(long, ReadOnlyMemory{byte}, long, Datatype)"/>.
    /// </summary>
    public void WriteAllBegin(ReadOnlyMemory<byte> buffer, long count, Datatype datatype) =>
        StartWriteAll("MPI_File_write_all_begin", split: true, buffer, count, datatype);

    /// <summary><c>MPI_File_write_all_begin</c> of unmanaged values.</summary>
    public void WriteAllBegin<T>(ReadOnlyMemory<T> data) where T : unmanaged =>
        StartWriteAll("MPI_File_write_all_begin", split: true, data, data.Length, Datatype.Of<T>());

    /// <summary><c>MPI_File_write_all_end</c>: completes the active <see cref="WriteAllBegin(ReadOnlyMemory{byte}, long, Datatype)"/>.</summary>
    public IoStatus WriteAllEnd() => EndSplit("MPI_File_write_all_begin", "MPI_File_write_all_end");

    /// <summary><c>MPI_File_read_all_begin</c>: starts a split collective read at the individual file pointer, which advances now.</summary>
    public void ReadAllBegin(Memory<byte> buffer, long count, Datatype datatype) =>
        StartReadAll("MPI_File_read_all_begin", split: true, buffer, count, datatype);

    /// <summary><c>MPI_File_read_all_begin</c> into unmanaged values.</summary>
    public void ReadAllBegin<T>(Memory<T> data) where T : unmanaged =>
        StartReadAll("MPI_File_read_all_begin", split: true, data, data.Length, Datatype.Of<T>());

    /// <summary><c>MPI_File_read_all_end</c>: completes the active <see cref="ReadAllBegin(Memory{byte}, long, Datatype)"/>.</summary>
    public IoStatus ReadAllEnd() => EndSplit("MPI_File_read_all_begin", "MPI_File_read_all_end");

    /// <summary>
    /// <c>MPI_File_write_ordered_begin</c>: claims this rank's place in rank order at the shared file pointer now
    /// (collectively, as <see cref="WriteOrdered(ReadOnlySpan{byte}, long, Datatype)"/> does, raising argument
    /// errors here on every rank), then starts the collective write; <see cref="WriteOrderedEnd"/> completes it.
    /// </summary>
    public void WriteOrderedBegin(ReadOnlyMemory<byte> buffer, long count, Datatype datatype) => BeginWriteOrdered(buffer, count, datatype);

    /// <summary><c>MPI_File_write_ordered_begin</c> of unmanaged values.</summary>
    public void WriteOrderedBegin<T>(ReadOnlyMemory<T> data) where T : unmanaged => BeginWriteOrdered(data, data.Length, Datatype.Of<T>());

    /// <summary><c>MPI_File_write_ordered_end</c>: completes the active <see cref="WriteOrderedBegin(ReadOnlyMemory{byte}, long, Datatype)"/>.</summary>
    public IoStatus WriteOrderedEnd() => EndSplit("MPI_File_write_ordered_begin", "MPI_File_write_ordered_end");

    /// <summary><c>MPI_File_read_ordered_begin</c>: claims this rank's place in rank order now, then starts the collective read.</summary>
    public void ReadOrderedBegin(Memory<byte> buffer, long count, Datatype datatype) => BeginReadOrdered(buffer, count, datatype);

    /// <summary><c>MPI_File_read_ordered_begin</c> into unmanaged values.</summary>
    public void ReadOrderedBegin<T>(Memory<T> data) where T : unmanaged => BeginReadOrdered(data, data.Length, Datatype.Of<T>());

    /// <summary><c>MPI_File_read_ordered_end</c>: completes the active <see cref="ReadOrderedBegin(Memory{byte}, long, Datatype)"/>.</summary>
    public IoStatus ReadOrderedEnd() => EndSplit("MPI_File_read_ordered_begin", "MPI_File_read_ordered_end");

    private void BeginWriteOrdered<T>(ReadOnlyMemory<T> buffer, long count, Datatype datatype) where T : unmanaged
    {
        const string call = "MPI_File_write_ordered_begin";
        long at = ClaimOrdered(count, datatype, write: true, call, split: true);
        StartCollective(call, split: true, () => WriteAtAll(at, MemoryMarshal.AsBytes(buffer.Span), 0, count, datatype).Bytes);
    }

    private void BeginReadOrdered<T>(Memory<T> buffer, long count, Datatype datatype) where T : unmanaged
    {
        const string call = "MPI_File_read_ordered_begin";
        long at = ClaimOrdered(count, datatype, write: false, call, split: true);
        StartCollective(call, split: true, () => ReadAtAll(at, MemoryMarshal.AsBytes(buffer.Span), 0, count, datatype).Bytes);
    }

    private IoStatus EndSplit(string begin, string end)
    {
        var p = _collective;
        if (p is not { Split: true })
            throw IoErrors.Create(ErrorClass.IO, $"{end}: no split collective is active on '{Filename}'.");
        if (!string.Equals(p.Call, begin, StringComparison.Ordinal))
            throw IoErrors.Create(ErrorClass.IO, $"{end} does not end the active {p.Call}.");
        try { return new IoStatus(p.Task.GetAwaiter().GetResult()); }
        finally { _collective = null; }
    }
}
