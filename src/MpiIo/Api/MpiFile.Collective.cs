using System.Buffers;
using System.Runtime.InteropServices;
using MpiIo.Algorithms;
using MpiIo.Algorithms.Collective;
using MpiIo.Datatypes;
using MpiIo.Errors;
using MpiIo.Mpi;
using MpiIo.Views;

namespace MpiIo;

// Collective data access. Every call is two collective rounds: a gather of each rank's access range
// (carrying its argument errors), then, after the data moved, an agreement on the outcome. They are MPI
// collectives (Allgather, Allreduce), or rounds in the node's shared memory when all the file's ranks share
// one node and its exchange.
public sealed partial class MpiFile
{
    private TwoPhase? _twoPhase;
    private int[]? _aggregators;
    private FileHints? _aggregatorsFor;
    private CollectiveOptions? _options;
    private FileHints? _optionsFor;

    // Parsed once per hints object (hints change only through SetInfo and SetView), not per call.
    private CollectiveOptions Options()
    {
        if (_options == null || !ReferenceEquals(_optionsFor, _hints))
        {
            _options = CollectiveOptions.From(_hints);
            _optionsFor = _hints;
        }
        return _options;
    }

    /// <summary>How the last collective call moved its data; for tests and benchmarks.</summary>
    public CollectivePath LastCollectivePath { get; private set; }

    /// <summary>The ranks acting as aggregators for collective buffering under the current hints.</summary>
    public IReadOnlyList<int> Aggregators => AggregatorRanks();

    /// <summary>Bytes of collective buffers this rank uses (aggregators only): its two cycle buffers (in the node's
    /// shared window, as much of them as its largest cycle filled, or private when that is not used) and its
    /// staging areas.</summary>
    public long CollectiveBufferBytes =>
        _twoPhase == null ? 0 : _twoPhase.BufferBytes + (Aggregators.Contains(_coll.Rank) ? 2 * _twoPhase.SharedCycleBytes : 0);

    /// <summary>The id of the process's shared node exchange the last collective call agreed on, 0 for none; for tests.</summary>
    internal long SharedExchangeId => _sharedAgreed ? _sharedExchange!.Id : 0;

    /// <summary>Whether the next collective call runs its two rounds in the node's shared memory; for tests.</summary>
    internal bool SharedRounds => _rounds != null;

    /// <summary><c>MPI_File_write_at_all</c>: a collective write at view offset <paramref name="offset"/> (in etypes).</summary>
    public IoStatus WriteAtAll(long offset, ReadOnlySpan<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_write_at_all");
        return WriteAtAll(offset, MemoryMarshal.AsBytes(buffer), 0, count, datatype);
    }

    /// <summary><c>MPI_File_write_at_all</c> of unmanaged values.</summary>
    public IoStatus WriteAtAll<T>(long offset, ReadOnlySpan<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_write_at_all");
        return WriteAtAll(offset, MemoryMarshal.AsBytes(data), 0, data.Length, Datatype.Of<T>());
    }

    /// <summary><c>MPI_File_read_at_all</c>: a collective read.</summary>
    public IoStatus ReadAtAll(long offset, Span<byte> buffer, long count, Datatype datatype)
    {
        CheckExplicitOffsets("MPI_File_read_at_all");
        return ReadAtAll(offset, buffer, 0, count, datatype);
    }

    /// <summary><c>MPI_File_read_at_all</c> into unmanaged values.</summary>
    public IoStatus ReadAtAll<T>(long offset, Span<T> data) where T : unmanaged
    {
        CheckExplicitOffsets("MPI_File_read_at_all");
        return ReadAtAll(offset, MemoryMarshal.AsBytes(data), 0, data.Length, Datatype.Of<T>());
    }

    /// <summary><c>MPI_File_write_all</c>: a collective write at the individual file pointer.</summary>
    public IoStatus WriteAll(ReadOnlySpan<byte> buffer, long count, Datatype datatype) => WriteAllCurrent(buffer, 0, count, datatype);

    /// <summary><c>MPI_File_write_all</c> of unmanaged values.</summary>
    public IoStatus WriteAll<T>(ReadOnlySpan<T> data) where T : unmanaged => WriteAllCurrent(MemoryMarshal.AsBytes(data), 0, data.Length, Datatype.Of<T>());

    /// <summary><c>MPI_File_read_all</c>: a collective read at the individual file pointer.</summary>
    public IoStatus ReadAll(Span<byte> buffer, long count, Datatype datatype) => ReadAllCurrent(buffer, 0, count, datatype);

    /// <summary><c>MPI_File_read_all</c> into unmanaged values.</summary>
    public IoStatus ReadAll<T>(Span<T> data) where T : unmanaged => ReadAllCurrent(MemoryMarshal.AsBytes(data), 0, data.Length, Datatype.Of<T>());

    internal IoStatus WriteAllCurrent(ReadOnlySpan<byte> buffer, long origin, long count, Datatype datatype)
    {
        long at = _position;
        var st = WriteAtAll(at, buffer, origin, count, datatype);
        _position = at + Etypes(count, datatype);
        return st;
    }

    internal IoStatus ReadAllCurrent(Span<byte> buffer, long origin, long count, Datatype datatype)
    {
        long at = _position;
        var st = ReadAtAll(at, buffer, origin, count, datatype);
        _position = at + Etypes(count, datatype);
        return st;
    }

    /// <summary>The core of every collective write.</summary>
    internal unsafe IoStatus WriteAtAll(long offset, ReadOnlySpan<byte> buffer, long origin, long count, Datatype datatype)
    {
        fixed (byte* p = buffer)
            return Collective(offset, p, buffer.Length, origin, count, datatype, write: true);
    }

    /// <summary>The core of every collective read.</summary>
    internal unsafe IoStatus ReadAtAll(long offset, Span<byte> buffer, long origin, long count, Datatype datatype)
    {
        fixed (byte* p = buffer)
            return Collective(offset, p, buffer.Length, origin, count, datatype, write: false);
    }

    // `memory` is pinned by the caller for the whole call. Noncontiguous memory and external32 go through a
    // pooled staging copy of the packed stream; contiguous memory is exchanged straight from the user's buffer.
    private unsafe IoStatus Collective(long offset, byte* memory, int memoryLength, long origin, long count, Datatype datatype, bool write)
    {
        string call = write ? "MPI_File_write_at_all" : "MPI_File_read_at_all";
        Exception? local = null;
        long start = 0, length = 0;
        AccessSummary summary = default;
        byte[]? staged = null;
        byte* data = null;
        long moved = -1;
        bool external = false;
        try
        {
            var file = Storage;
            RequirePendingNone(call);
            if (write && (Amode & FileMode.ReadOnly) != 0) throw new MpiException(ErrorClass.ReadOnly, $"'{Filename}' was opened ReadOnly.");
            if (!write && (Amode & FileMode.WriteOnly) != 0) throw new MpiException(ErrorClass.Access, $"'{Filename}' was opened WriteOnly.");
            start = CheckAccess(offset, count, datatype);
            length = count * datatype.Size;
            external = _view.Datarep == FileView.External32Name;
            if (length > 0)
            {
                summary = _view.AccessSummary(start, length);
                if (datatype.IsContiguous && !external)
                {
                    long first = origin + datatype.TrueLb;
                    if (first < 0 || length > memoryLength - first)
                        throw new MpiException(ErrorClass.Buffer, $"The buffer of {memoryLength} bytes does not hold {length} bytes of {datatype} at offset {first}.");
                    data = memory + first;
                }
                else
                {
                    if (length > int.MaxValue) throw new MpiException(ErrorClass.Count, $"A noncontiguous collective access is limited to 2 GiB per rank; this one has {length} bytes.");
                    staged = ArrayPool<byte>.Shared.Rent((int)length);
                    if (write)
                    {
                        var mem = new ReadOnlySpan<byte>(memory, memoryLength);
                        TypePacker.Pack(mem, origin, datatype, count, 0, staged.AsSpan(0, (int)length));
                        if (external) External32.ToExternal(staged.AsSpan(0, (int)length), datatype, 0);
                    }
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }

        try
        {
            fixed (byte* s = staged)
            {
                if (staged != null) data = s;
                var ranges = GatherRanges(local, summary, length);
                SettleSharedExchange(ranges);
                Exception? ioError = MoveData(ranges, start, data, length, write, out moved);
                if (!write && ioError == null && staged != null)
                {
                    var mem = new Span<byte>(memory, memoryLength);
                    if (external) External32.FromExternal(staged.AsSpan(0, (int)length), datatype, 0);
                    try { TypePacker.Unpack(staged.AsSpan(0, (int)length), mem, origin, datatype, count, 0); }
                    catch (Exception e) when (e is not OutOfMemoryException) { ioError = e; }
                }
                AgreeOutcome(ioError, call);
            }
        }
        finally
        {
            if (staged != null) ArrayPool<byte>.Shared.Return(staged);
        }
        // The independent path knows what it read; only two-phase reads ask the file's size for the count at EOF.
        return new IoStatus(write ? length : moved >= 0 ? moved : BytesBeforeEnd(start, length));
    }

    // The one collective round before the data moves: every rank's range, its argument error and the shared
    // node exchange it holds.
    private AccessRange[] GatherRanges(Exception? local, AccessSummary summary, long length)
    {
        if (_sharedExchange == null && !CollectivesRunInBackground && _node.Size > 1) _sharedExchange = SharedNodeExchanges.Find(_node);
        var mine = new AccessRange
        {
            Error = Agreement.ClassOf(local),
            First = length > 0 ? summary.FirstOffset : 0,
            End = length > 0 ? summary.EndOffset : 0,
            Bytes = length,
            Blocks = length == 0 ? 0 : _view.Filetype.IsMonotonic ? summary.BlockCount : AccessRange.Unsplittable,
            ExchangeId = _sharedExchange?.Id ?? 0,
            ExchangeRank = _sharedExchange?.Rank ?? 0,
        };
        if (_ranges.Length != _coll.Size) _ranges = new AccessRange[_coll.Size];
        var all = _ranges;
        var mineLongs = MemoryMarshal.Cast<AccessRange, long>(new ReadOnlySpan<AccessRange>(in mine));
        if (_rounds != null)
        {
            // A round in the node's shared memory (by window rank), put back in file-rank order.
            var byWindow = _roundLongs.Length == _coll.Size * AccessRange.Longs ? _roundLongs : _roundLongs = new long[_coll.Size * AccessRange.Longs];
            _rounds.Gather(mineLongs, byWindow);
            var allLongs = MemoryMarshal.Cast<AccessRange, long>(all.AsSpan());
            for (int r = 0; r < all.Length; r++)
                byWindow.AsSpan(_sharedRanks[r] * AccessRange.Longs, AccessRange.Longs).CopyTo(allLongs.Slice(r * AccessRange.Longs, AccessRange.Longs));
        }
        else
        {
            _coll.Allgather(mineLongs, MemoryMarshal.Cast<AccessRange, long>(all.AsSpan()));
        }
        long agreed = 0;
        foreach (var r in all) agreed = Math.Max(agreed, r.Error);
        if (agreed != 0)
        {
            if (local != null && (long)IoErrors.ClassOf(local) == agreed)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(local).Throw();
            throw IoErrors.Create((ErrorClass)agreed, $"A collective access failed on another rank ({(ErrorClass)agreed})", local);
        }
        return all;
    }

    private AccessRange[] _ranges = [];
    private long[] _roundLongs = [];
    private NodeExchange? _sharedExchange; // the process's exchange for this file's node, once agreed (or found)
    private int[] _sharedRanks = [];       // each rank's rank in it (ranks of this node only)
    private bool _sharedAgreed;            // whether the last gather agreed that this node uses _sharedExchange
    private NodeExchange? _rounds;         // set when the file's ranks are exactly its ranks: rounds in shared memory

    // From the gathered ranges, every rank of a node decides alike whether the node uses the process's shared
    // exchange: when all of them hold the same one; when none holds one, they create it together now.
    private void SettleSharedExchange(AccessRange[] ranges)
    {
        _sharedAgreed = false;
        _rounds = null;
        if (CollectivesRunInBackground || _node.Size < 2) return;
        int me = _coll.Rank;
        long id = ranges[me].ExchangeId;
        for (int r = 0; r < ranges.Length; r++)
            if (_nodeOf[r] == _nodeOf[me] && ranges[r].ExchangeId != id) return;
        if (_sharedRanks.Length != ranges.Length) _sharedRanks = new int[ranges.Length];
        if (id == 0)
        {
            _sharedExchange = SharedNodeExchanges.Create(_node, Options().BufferSize);
            // Created over this file's node communicator: window ranks are node ranks.
            NodeRanks().CopyTo(_sharedRanks, 0);
        }
        else
        {
            for (int r = 0; r < ranges.Length; r++) _sharedRanks[r] = _nodeOf[r] == _nodeOf[me] ? (int)ranges[r].ExchangeRank : -1;
        }
        _sharedAgreed = true;
        if (NodeCount == 1 && _sharedExchange!.Size == _coll.Size) _rounds = _sharedExchange;
    }

    // The closing agreement: an Allreduce, or a round in shared memory when the file's ranks are the node's.
    private void AgreeOutcome(Exception? ioError, string call)
    {
        if (_rounds == null)
        {
            Agreement.Agree(_coll, ioError, call);
            return;
        }
        Span<long> mine = [Agreement.ClassOf(ioError)];
        if (_roundLongs.Length < _coll.Size) _roundLongs = new long[_coll.Size * AccessRange.Longs];
        var all = _roundLongs.AsSpan(0, _coll.Size);
        _rounds.Gather(mine, all);
        long agreed = 0;
        foreach (long e in all) agreed = Math.Max(agreed, e);
        Agreement.Raise(ioError, (int)agreed, call);
    }

    private unsafe Exception? MoveData(AccessRange[] ranges, long start, byte* data, long length, bool write, out long moved)
    {
        moved = -1;
        var options = Options();
        var file = Storage;
        bool useCb = CollectiveDecision.UseCollectiveBuffering(ranges, write ? options.CbWrite : options.CbRead, options.PieceThreshold);
        if (!useCb)
        {
            LastCollectivePath = CollectivePath.Independent;
            moved = 0;
            if (length == 0) return null;
            try
            {
                moved = write
                    ? _access.Write(file, _view, start, new ReadOnlySpan<byte>(data, (int)Math.Min(length, int.MaxValue)), 0, Datatype.Byte, length, _sieving, _atomic)
                    : _access.Read(file, _view, start, new Span<byte>(data, (int)Math.Min(length, int.MaxValue)), 0, Datatype.Byte, length, _sieving, _atomic);
                return null;
            }
            catch (Exception e) when (e is not OutOfMemoryException) { return e; }
        }
        LastCollectivePath = CollectivePath.TwoPhase;
        long first = long.MaxValue, end = 0;
        foreach (var r in ranges)
            if (!r.IsEmpty) { first = Math.Min(first, r.First); end = Math.Max(end, r.End); }
        var aggs = AggregatorRanks();
        var striping = file.Striping;
        FileDomains domains = striping is { } layout && aggs.Length > 1
            ? FileDomains.Cyclic(first, end, aggs.Length, options.BufferSize, layout.StripeSize, layout.ServerCount)
            : FileDomains.Contiguous(first, end, aggs.Length, options.BufferSize, options.AlignUnit(striping), options.MinDomain);
        _twoPhase ??= new TwoPhase();
        // Atomic mode keeps to messages: its writes hold byte-range locks that the shared cycles do not take.
        NodeExchange? exchange = null;
        int[] exchangeRanks = NodeRanks();
        if (!_atomic && _sharedAgreed && domains.CycleBytes <= _sharedExchange!.BufferBytes)
        {
            exchange = _sharedExchange;
            exchangeRanks = _sharedRanks;
        }
        else if (!_atomic)
        {
            exchange = NodeExchangeFor(aggs, domains.CycleBytes);
        }
        long covered = 0;
        foreach (var r in ranges) covered += r.Bytes;
        // Ranges interleave by design; what matters is whether the pieces fill the union. (Overlapping writes
        // leave the result undefined in MPI, so counting bytes is enough.)
        bool holes = covered < end - first;
        return _twoPhase.Run(_coll, ranges, aggs, domains, file, _view, start, data, length, write, _atomic, options.ReadHole,
            exchange, _nodeOf, exchangeRanks, holes, first, end);
    }

    private NodeExchange? _nodeExchange;
    private int[]? _nodeRanks;

    // The node-local exchange, created (collectively over each node) by the first two-phase call that needs
    // one as large; every rank reaches this in the same call, so the creation is matched on every node.
    private NodeExchange NodeExchangeFor(int[] aggregators, long bufferBytes)
    {
        if (_nodeExchange != null && _nodeExchange.BufferBytes >= bufferBytes) return _nodeExchange;
        _nodeExchange?.Dispose();
        _nodeExchange = null;
        _nodeExchange = NodeExchange.Create(_node, Array.IndexOf(aggregators, _coll.Rank) >= 0, bufferBytes);
        return _nodeExchange;
    }

    // Each rank's rank in its node's communicator: MPI_Comm_split_type keeps the order of the file's ranks.
    private int[] NodeRanks()
    {
        if (_nodeRanks != null) return _nodeRanks;
        var seen = new Dictionary<int, int>();
        var result = new int[_nodeOf.Length];
        for (int r = 0; r < _nodeOf.Length; r++)
        {
            seen.TryGetValue(_nodeOf[r], out int n);
            result[r] = n;
            seen[_nodeOf[r]] = n + 1;
        }
        return _nodeRanks = result;
    }

    private long BytesBeforeEnd(long start, long length)
    {
        if (length == 0) return 0;
        long end = _view.ViewByteAtOrAfter(Storage.GetSize());
        return Math.Clamp(end - start, 0, length);
    }

    private int[] AggregatorRanks()
    {
        if (_aggregators != null && ReferenceEquals(_aggregatorsFor, _hints)) return _aggregators;
        var options = Options();
        Func<int, string>? hostOf = null;
        if (AggregatorSelection.NamesHosts(options.ConfigList))
        {
            // Only a list naming hosts needs every rank's processor name: one more collective, all ranks alike.
            const int width = MpiIo.Mpi.Native.MpiAbi.MPI_MAX_PROCESSOR_NAME;
            var mine = new byte[width];
            System.Text.Encoding.UTF8.GetBytes(MpiEnvironment.ProcessorName).AsSpan(0, Math.Min(width, System.Text.Encoding.UTF8.GetByteCount(MpiEnvironment.ProcessorName))).CopyTo(mine);
            var all = new byte[width * _coll.Size];
            _coll.Allgather<byte>(mine, all);
            hostOf = node => System.Text.Encoding.UTF8.GetString(all.AsSpan(node * width, width)).TrimEnd('\0');
        }
        _aggregators = AggregatorSelection.Choose(_nodeOf, options.ConfigList, options.CbNodes, hostOf);
        _aggregatorsFor = _hints;
        _hints.SetComputed("romio_aggregator_list", string.Join(' ', _aggregators));
        _hints.SetComputed(FileHints.CbNodes, _aggregators.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return _aggregators;
    }
}

/// <summary>How a collective call moved its data.</summary>
public enum CollectivePath
{
    /// <summary>No collective call yet.</summary>
    None,
    /// <summary>Each rank accessed the file itself (collective buffering off or not worth it).</summary>
    Independent,
    /// <summary>Two-phase I/O through aggregators.</summary>
    TwoPhase,
}
