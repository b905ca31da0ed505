using System.Runtime.InteropServices;
using MpiIo.Algorithms;
using MpiIo.Datatypes;
using MpiIo.Errors;
using MpiIo.Mpi;

namespace MpiIo;

// The shared file pointer: one per open file, counted in etypes of the view like explicit offsets, held
// in an MPI window on rank 0 (SharedFilePointer). Independent calls claim their range with one atomic
// fetch-and-add and then access it like an explicit-offset call; ordered calls place every rank's range in
// rank order with one prefix sum and then make one collective access.
public sealed partial class MpiFile
{
    /// <summary>
    /// <c>MPI_File_write_shared</c>: writes at the shared file pointer, which advances by the amount written.
    /// Ranks writing at once each get a range of their own, in no defined order.
    /// </summary>
    /// <returns>The status: bytes written.</returns>
    /// <exception cref="MpiException">
    /// <see cref="ErrorClass.Type"/>, <see cref="ErrorClass.Count"/>, <see cref="ErrorClass.IO"/> (not whole etypes),
    /// <see cref="ErrorClass.ReadOnly"/>: raised before the pointer moves, which then stays where it was.
    /// </exception>
    public IoStatus WriteShared(ReadOnlySpan<byte> buffer, long count, Datatype datatype)
    {
        long at = ClaimShared(count, datatype, write: true);
        return Write(at, buffer, 0, count, datatype);
    }

    /// <summary><c>MPI_File_write_shared</c> of unmanaged values.</summary>
    public IoStatus WriteShared<T>(ReadOnlySpan<T> data) where T : unmanaged => WriteShared(MemoryMarshal.AsBytes(data), data.Length, Datatype.Of<T>());

    /// <summary>
    /// <c>MPI_File_read_shared</c>: reads at the shared file pointer, which advances by the amount asked for
    /// (also at end of file).
    /// </summary>
    /// <returns>The status: bytes read (fewer at end of file).</returns>
    public IoStatus ReadShared(Span<byte> buffer, long count, Datatype datatype)
    {
        long at = ClaimShared(count, datatype, write: false);
        return Read(at, buffer, 0, count, datatype);
    }

    /// <summary><c>MPI_File_read_shared</c> into unmanaged values.</summary>
    public IoStatus ReadShared<T>(Span<T> data) where T : unmanaged => ReadShared(MemoryMarshal.AsBytes(data), data.Length, Datatype.Of<T>());

    /// <summary>
    /// <c>MPI_File_iwrite_shared</c>: claims the range at the shared file pointer now and writes it in the
    /// background like <see cref="IWriteAt(long, ReadOnlyMemory{byte}, long, Datatype)"/>.
    /// </summary>
    public IoRequest IWriteShared(ReadOnlyMemory<byte> buffer, long count, Datatype datatype)
    {
        long at = ClaimShared(count, datatype, write: true);
        return StartWrite(at, buffer, count, datatype);
    }

    /// <summary><c>MPI_File_iwrite_shared</c> of unmanaged values.</summary>
    public IoRequest IWriteShared<T>(ReadOnlyMemory<T> data) where T : unmanaged
    {
        var type = Datatype.Of<T>();
        long at = ClaimShared(data.Length, type, write: true);
        return StartWrite(at, data, data.Length, type);
    }

    /// <summary><c>MPI_File_iread_shared</c>: claims the range at the shared file pointer now and reads it in the background.</summary>
    public IoRequest IReadShared(Memory<byte> buffer, long count, Datatype datatype)
    {
        long at = ClaimShared(count, datatype, write: false);
        return StartRead(at, buffer, count, datatype);
    }

    /// <summary><c>MPI_File_iread_shared</c> into unmanaged values.</summary>
    public IoRequest IReadShared<T>(Memory<T> data) where T : unmanaged
    {
        var type = Datatype.Of<T>();
        long at = ClaimShared(data.Length, type, write: false);
        return StartRead(at, data, data.Length, type);
    }

    /// <summary>
    /// <c>MPI_File_write_ordered</c> (collective): writes at the shared file pointer in rank order (rank 0's
    /// data first, then rank 1's, …); afterwards the pointer is past everyone's data on every rank.
    /// </summary>
    /// <exception cref="MpiException">Argument errors on any rank raise the worst class on every rank and leave the pointer alone.</exception>
    public IoStatus WriteOrdered(ReadOnlySpan<byte> buffer, long count, Datatype datatype)
    {
        long at = ClaimOrdered(count, datatype, write: true, "MPI_File_write_ordered", split: false);
        return WriteAtAll(at, buffer, 0, count, datatype);
    }

    /// <summary><c>MPI_File_write_ordered</c> of unmanaged values.</summary>
    public IoStatus WriteOrdered<T>(ReadOnlySpan<T> data) where T : unmanaged => WriteOrdered(MemoryMarshal.AsBytes(data), data.Length, Datatype.Of<T>());

    /// <summary><c>MPI_File_read_ordered</c> (collective): reads at the shared file pointer in rank order; the pointer advances by the total asked for.</summary>
    public IoStatus ReadOrdered(Span<byte> buffer, long count, Datatype datatype)
    {
        long at = ClaimOrdered(count, datatype, write: false, "MPI_File_read_ordered", split: false);
        return ReadAtAll(at, buffer, 0, count, datatype);
    }

    /// <summary><c>MPI_File_read_ordered</c> into unmanaged values.</summary>
    public IoStatus ReadOrdered<T>(Span<T> data) where T : unmanaged => ReadOrdered(MemoryMarshal.AsBytes(data), data.Length, Datatype.Of<T>());

    /// <summary>
    /// <c>MPI_File_seek_shared</c> (collective): moves the shared file pointer (in etypes of the view). Every rank
    /// must pass the same <paramref name="offset"/> and <paramref name="whence"/>.
    /// </summary>
    /// <exception cref="MpiException">
    /// On every rank, leaving the pointer alone: <see cref="ErrorClass.NotSame"/> when ranks pass different values,
    /// <see cref="ErrorClass.Arg"/> for an unknown whence or a position before the start of the view,
    /// <see cref="ErrorClass.UnsupportedOperation"/> on a file opened with <see cref="FileMode.Sequential"/>.
    /// </exception>
    public void SeekShared(long offset, Whence whence)
    {
        const string call = "MPI_File_seek_shared";
        _ = Storage; // closed on every rank alike, and its communicators are gone: no agreement
        Exception? local = null;
        try
        {
            RequireCollectiveNone(call);
            if ((Amode & FileMode.Sequential) != 0)
                throw new MpiException(ErrorClass.UnsupportedOperation, "MPI_File_seek_shared is not allowed on a file opened with Sequential.");
            if (whence is not (Whence.Set or Whence.Current or Whence.End))
                throw new MpiException(ErrorClass.Arg, $"whence {(int)whence} is not MPI_SEEK_SET, _CUR or _END.");
        }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        Agreement.AgreeOnValues(_coll, local, call, ["offset", "whence"], [offset, (long)whence]);

        // Every rank has entered the call, so every earlier claim is in the window: rank 0 reads and moves the
        // pointer alone, and the closing agreement keeps everyone from claiming before it moved.
        if (_coll.Rank == 0)
        {
            try
            {
                long target = whence switch
                {
                    Whence.Set => offset,
                    Whence.Current => _shared.Read() + offset,
                    _ => EndInEtypes() + offset,
                };
                if (target < 0) throw new MpiException(ErrorClass.Arg, $"offset {offset} moves the shared file pointer before the start of the view ({target} etypes).");
                _shared.Set(target);
            }
            catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        }
        Agreement.Agree(_coll, local, call);
    }

    /// <summary><c>MPI_File_get_position_shared</c>: the shared file pointer, in etypes of the view.</summary>
    public long GetPositionShared()
    {
        _ = Storage;
        return _shared.Read();
    }

    // Checks an independent shared-pointer access before it claims anything, then claims its etypes.
    private long ClaimShared(long count, Datatype datatype, bool write)
    {
        long etypes = SharedEtypes(count, datatype, write);
        // An empty access claims nothing; where it happens does not matter.
        return etypes == 0 ? 0 : _shared.FetchAndAdd(etypes);
    }

    // The etypes an access of count datatypes takes, after the checks its core would make.
    private long SharedEtypes(long count, Datatype datatype, bool write)
    {
        _ = Storage;
        if (write && (Amode & FileMode.ReadOnly) != 0) throw new MpiException(ErrorClass.ReadOnly, $"'{Filename}' was opened ReadOnly.");
        if (!write && (Amode & FileMode.WriteOnly) != 0) throw new MpiException(ErrorClass.Access, $"'{Filename}' was opened WriteOnly.");
        CheckAccess(0, count, datatype);
        return Etypes(count, datatype);
    }

    /// <summary>
    /// Places every rank's access of an ordered call in rank order at the shared file pointer and advances the
    /// pointer past all of them, agreeing on argument errors first (a rejected call moves nothing).
    /// </summary>
    /// <returns>This rank's offset, in etypes.</returns>
    /// <remarks>
    /// Two rounds of O(log P): an <c>MPI_Exscan</c> of (etypes, failed) gives each rank the etypes before it
    /// and gives the last rank the total; the last rank advances the pointer with one fetch-and-add, which
    /// returns the base, and broadcasts (base, failures). The base cannot be read before the scan (say by rank
    /// 0, folding it into the scan): a rank still finishing an earlier independent claim would then claim
    /// inside the ordered range. When the last rank's scan completes every rank has entered the call, so every
    /// earlier claim is in; no rank claims afterwards before the broadcast, which follows the advance.
    /// </remarks>
    private long ClaimOrdered(long count, Datatype datatype, bool write, string call, bool split)
    {
        _ = Storage; // closed on every rank alike, and its communicators are gone: no agreement
        Exception? local = null;
        long etypes = 0;
        try
        {
            // A split ordered call runs its data collective alongside independent accesses, as the other
            // split calls do; the blocking one follows the blocking collectives' rule.
            if (split) RequireCollectiveNone(call);
            else RequirePendingNone(call);
            etypes = SharedEtypes(count, datatype, write);
        }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }

        Span<long> mine = [etypes, local == null ? 0 : 1];
        Span<long> before = [0, 0]; // rank 0's stays zero: MPI_Exscan leaves it undefined
        if (_coll.Size > 1) _coll.Exscan<long>(mine, before, Op.Sum);
        int last = _coll.Size - 1;
        Span<long> outcome = [0, 0]; // base, failures
        if (_coll.Rank == last)
        {
            outcome[1] = before[1] + mine[1];
            if (outcome[1] == 0) outcome[0] = _shared.FetchAndAdd(before[0] + etypes);
        }
        if (_coll.Size > 1) _coll.Bcast<long>(outcome, last);
        if (outcome[1] != 0)
        {
            // Some rank failed: one more round tells everyone the worst class. It always throws, since the
            // failed ranks contribute their errors.
            Agreement.Agree(_coll, local, call);
            throw IoErrors.Create(ErrorClass.Intern, $"{call}: {outcome[1]} ranks failed but the agreement found no error.");
        }
        return outcome[0] + before[0];
    }
}
