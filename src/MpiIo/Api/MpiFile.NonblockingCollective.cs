using System.Runtime.InteropServices;
using MpiIo.Algorithms;
using MpiIo.Datatypes;
using MpiIo.Errors;
using MpiIo.Mpi;

namespace MpiIo;

// Nonblocking collective access, and the machinery split collectives share with it: one collective at a
// time runs through PendingCollective, on a thread of its own under MPI_THREAD_MULTIPLE, else eagerly when
// it starts. Argument errors are found by the collective core itself, so every rank agrees on them and
// they surface at Wait (or at the _end call) on every rank alike.
public sealed partial class MpiFile
{
    private PendingCollective? _collective; // the split or nonblocking collective not yet ended or completed

    /// <summary>
    /// Whether split and nonblocking collectives run on a background thread, overlapping the caller's work:
    /// only when MPI provides <see cref="ThreadLevel.Multiple"/>. At lower thread levels they do all their
    /// work eagerly in the call that starts them, which then returns a completed request.
    /// </summary>
    public static bool CollectivesRunInBackground => MpiEnvironment.Current?.Provided == ThreadLevel.Multiple;

    /// <summary>
    /// <c>MPI_File_iwrite_at_all</c>: starts a collective write at view offset <paramref name="offset"/> (in etypes).
    /// <paramref name="buffer"/> must stay untouched until the request completes.
    /// </summary>
    /// <remarks>
    /// Under <see cref="ThreadLevel.Multiple"/> the collective runs on its own thread; otherwise it completes
    /// before this call returns (see <see cref="CollectivesRunInBackground"/>). Until the request is completed
    /// by <see cref="IoRequest.Wait"/> or a successful <see cref="IoRequest.Test"/>, no other collective access,
    /// <see cref="SetView"/> or <see cref="Close"/> is accepted on this file; independent accesses are.
    /// </remarks>
    /// <exception cref="MpiException">
    /// <see cref="ErrorClass.Request"/> (or <see cref="ErrorClass.IO"/> during a split collective) at once when
    /// a collective is still pending; argument and I/O errors are raised by <see cref="IoRequest.Wait"/> on every rank.
    /// </exception>
    public IoRequest IWriteAtAll(long offset, ReadOnlyMemory<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_iwrite_at_all");
        return Request(StartWriteAtAll("MPI_File_iwrite_at_all", split: false, offset, buffer, count, datatype));
    }

    /// <summary><c>MPI_File_iwrite_at_all</c> of unmanaged values; see <see cref="IWriteAtAll(long, ReadOnlyMemory{byte}, long, Datatype)"/>.</summary>
    public IoRequest IWriteAtAll<T>(long offset, ReadOnlyMemory<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_iwrite_at_all");
        return Request(StartWriteAtAll("MPI_File_iwrite_at_all", split: false, offset, data, data.Length, Datatype.Of<T>()));
    }

    /// <summary><c>MPI_File_iread_at_all</c>: starts a collective read; see <see cref="IWriteAtAll(long, ReadOnlyMemory{byte}, long, Datatype)"/>.</summary>
    public IoRequest IReadAtAll(long offset, Memory<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_iread_at_all");
        return Request(StartReadAtAll("MPI_File_iread_at_all", split: false, offset, buffer, count, datatype));
    }

    /// <summary><c>MPI_File_iread_at_all</c> into unmanaged values.</summary>
    public IoRequest IReadAtAll<T>(long offset, Memory<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_iread_at_all");
        return Request(StartReadAtAll("MPI_File_iread_at_all", split: false, offset, data, data.Length, Datatype.Of<T>()));
    }

    /// <summary>
    /// <c>MPI_File_iwrite_all</c>: starts a collective write at the individual file pointer, which advances when
    /// the access starts (when the arguments are valid: a rejected access leaves it where it was).
    /// </summary>
    /// <remarks>Progress and pending rules as for <see cref="IWriteAtAll(long, ReadOnlyMemory{byte}, long, Datatype)"/>.</remarks>
    public IoRequest IWriteAll(ReadOnlyMemory<byte> buffer, long count, Datatype datatype) =>
        Request(StartWriteAll("MPI_File_iwrite_all", split: false, buffer, count, datatype));

    /// <summary><c>MPI_File_iwrite_all</c> of unmanaged values.</summary>
    public IoRequest IWriteAll<T>(ReadOnlyMemory<T> data) where T : unmanaged =>
        Request(StartWriteAll("MPI_File_iwrite_all", split: false, data, data.Length, Datatype.Of<T>()));

    /// <summary><c>MPI_File_iread_all</c>: starts a collective read at the individual file pointer, which advances when the access starts.</summary>
    public IoRequest IReadAll(Memory<byte> buffer, long count, Datatype datatype) =>
        Request(StartReadAll("MPI_File_iread_all", split: false, buffer, count, datatype));

    /// <summary><c>MPI_File_iread_all</c> into unmanaged values.</summary>
    public IoRequest IReadAll<T>(Memory<T> data) where T : unmanaged =>
        Request(StartReadAll("MPI_File_iread_all", split: false, data, data.Length, Datatype.Of<T>()));

    private IoRequest Request(PendingCollective pending) =>
        new(pending.Task, () => Interlocked.CompareExchange(ref _collective, null, pending));

    private PendingCollective StartWriteAtAll<T>(string call, bool split, long offset, ReadOnlyMemory<T> buffer, long count, Datatype datatype) where T : unmanaged
    {
        RequireCollectiveStartable(call);
        return StartCollective(call, split, () => WriteAtAll(offset, MemoryMarshal.AsBytes(buffer.Span), 0, count, datatype).Bytes);
    }

    private PendingCollective StartReadAtAll<T>(string call, bool split, long offset, Memory<T> buffer, long count, Datatype datatype) where T : unmanaged
    {
        RequireCollectiveStartable(call);
        return StartCollective(call, split, () => ReadAtAll(offset, MemoryMarshal.AsBytes(buffer.Span), 0, count, datatype).Bytes);
    }

    private PendingCollective StartWriteAll<T>(string call, bool split, ReadOnlyMemory<T> buffer, long count, Datatype datatype) where T : unmanaged
    {
        long at = _position;
        var pending = StartWriteAtAll(call, split, at, buffer, count, datatype);
        AdvanceIfValid(at, count, datatype);
        return pending;
    }

    private PendingCollective StartReadAll<T>(string call, bool split, Memory<T> buffer, long count, Datatype datatype) where T : unmanaged
    {
        long at = _position;
        var pending = StartReadAtAll(call, split, at, buffer, count, datatype);
        AdvanceIfValid(at, count, datatype);
        return pending;
    }

    // The individual pointer moves when the access starts; arguments the collective will reject leave it
    // alone, as the blocking calls do.
    private void AdvanceIfValid(long at, long count, Datatype datatype)
    {
        if (datatype is null || !datatype.IsCommitted || count < 0) return;
        long bytes = count * datatype.Size;
        long etype = _view.Etype.Size;
        if (bytes % etype == 0) _position = at + bytes / etype;
    }

    private PendingCollective StartCollective(string call, bool split, Func<long> work)
    {
        var pending = new PendingCollective(call, split);
        // Published before the work starts, so the core recognises its own thread and callers see it pending.
        _collective = pending;
        pending.Run(work, CollectivesRunInBackground);
        return pending;
    }

    // A local check, made before any message: a second collective while one is pending is the program's
    // error on every rank alike.
    private void RequireCollectiveStartable(string call)
    {
        _ = Storage;
        if (_collective is { } p) throw CollectiveBusy(call, p);
    }

    /// <summary>
    /// Refuses <paramref name="call"/> (a collective of this file) while a split or nonblocking collective is
    /// pending. It first waits for that collective's thread, so the refusal can be agreed over the file's
    /// communicators without its messages meeting the pending collective's.
    /// </summary>
    private void RequireCollectiveNone(string call)
    {
        var p = _collective;
        if (p == null) return;
        p.WaitQuietly();
        throw CollectiveBusy(call, p);
    }

    // Whether the caller is the pending collective's own core, which the pending checks let through.
    private bool OnCollectiveWorker => _collective?.IsWorker == true;

    private Exception CollectiveBusy(string call, PendingCollective p) => p.Split
        ? IoErrors.Create(ErrorClass.IO, $"{call}: only one split collective may be active on '{Filename}', and {p.Call} has not been ended.")
        : new MpiException(ErrorClass.Request, $"{call} while the nonblocking collective {p.Call} of '{Filename}' is not completed (Wait or Test it first).");

    // The independent engine is the collective core's when no collective is pending; while one runs on its
    // own thread, independent accesses take a spare engine.
    private IndependentAccess AccessForCaller() => _collective == null ? _access : RentAccess();

    private void ReleaseAccess(IndependentAccess access)
    {
        if (!ReferenceEquals(access, _access)) ReturnAccess(access);
    }
}
