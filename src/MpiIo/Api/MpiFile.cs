using System.Collections.Concurrent;
using MpiIo.Algorithms;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Views;

namespace MpiIo;

/// <summary>
/// An open MPI file (<c>MPI_File</c>), opened collectively by the ranks of a communicator. Independent
/// accesses (<c>ReadAt</c>, <c>Write</c>, …) go through the file's view to its storage driver with data
/// sieving; collective calls agree on their outcome on every rank before anyone throws.
/// </summary>
/// <remarks>
/// Closing is collective: call <see cref="Close"/> (or <see cref="Dispose"/>) on every rank. There is no
/// finalizer. An instance is used by one thread at a time, except that nonblocking accesses run on
/// threads of their own until completed.
/// </remarks>
public sealed partial class MpiFile : IDisposable
{
    private readonly Communicator _comm;
    private readonly Communicator _node; // the ranks of this file that share this rank's node
    private Communicator _coll = null!; // a private duplicate: the collective algorithms' messages never meet the user's
    private SharedFilePointer _shared = null!;
    private int[] _nodeOf = [];             // each rank's node, named by the rank of the node's first member
    private readonly IStorageDriver _driver;
    private readonly string _path;
    private IStorageFile? _file;
    private FileView _view = FileView.Default;
    private StridedPartition? _partition;
    private long _position; // the individual file pointer, in etypes of the view
    private bool _atomic;
    private FileHints _hints;
    private DataSievingOptions _sieving;
    private readonly DataSievingBuffers _sievingBuffers = new();
    private readonly IndependentAccess _access;
    private readonly ConcurrentBag<IndependentAccess> _spareAccess = new();
    private int _pending; // nonblocking accesses in flight

    private MpiFile(Communicator comm, Communicator node, IStorageDriver driver, string path, string filename, IStorageFile file, FileMode amode, FileHints hints)
    {
        _comm = comm;
        _node = node;
        _driver = driver;
        _path = path;
        Filename = filename;
        _file = file;
        Amode = amode;
        _hints = hints;
        _sieving = DataSievingOptions.FromHints(hints.AsDictionary());
        _access = new IndependentAccess(_sievingBuffers);
    }

    /// <summary>The name the file was opened with, prefix included.</summary>
    public string Filename { get; }

    /// <summary><c>MPI_File_get_amode</c>.</summary>
    public FileMode Amode { get; }

    /// <summary>The communicator the file was opened on.</summary>
    public Communicator Communicator => _comm;

    /// <summary>The ranks of the file's communicator on this rank's node (<c>MPI_Comm_split_type(SHARED)</c>).</summary>
    public Communicator NodeCommunicator => _node;

    /// <summary>How many nodes the file's ranks run on.</summary>
    public int NodeCount { get; private set; }

    /// <summary>Whether the file is open.</summary>
    public bool IsOpen => _file != null;

    /// <summary>What the file's storage supports.</summary>
    public DriverFeatures Features => Storage.Features;

    internal IStorageFile Storage => _file ?? throw new MpiException(ErrorClass.File, $"The file '{Filename}' is closed.");

    /// <summary>
    /// <c>MPI_File_open</c> (collective): opens <paramref name="filename"/> on every rank of
    /// <paramref name="comm"/>. A <c>prefix:</c> picks the storage driver (<c>ufs:</c>, <c>mem:</c>,
    /// <c>pvfs:</c>; none means the local file system).
    /// </summary>
    /// <exception cref="MpiException">
    /// The same error class on every rank: <see cref="ErrorClass.Amode"/> for an invalid mode,
    /// <see cref="ErrorClass.NoSuchFile"/>, <see cref="ErrorClass.FileExists"/>, <see cref="ErrorClass.Access"/>, …
    /// (raised as <see cref="StorageException"/> for file classes).
    /// </exception>
    public static MpiFile Open(Communicator comm, string filename, FileMode amode, IReadOnlyDictionary<string, string>? hints = null)
    {
        ArgumentNullException.ThrowIfNull(comm);
        IStorageDriver? driver = null;
        string path = "";
        FileHints? effective = null;
        Exception? local = null;
        try
        {
            ArgumentNullException.ThrowIfNull(filename);
            CheckAmode(amode);
            (driver, path) = StorageDrivers.Resolve(filename);
            effective = FileHints.Defaults(1, FilesystemName(driver)).With(hints);
        }
        catch (Exception e) { local = e; }
        Agreement.Agree(comm, local, "MPI_File_open");

        var mode = StorageMode(amode);
        bool writeOnly = (amode & FileMode.WriteOnly) != 0;
        IStorageFile? file = null;
        bool create = (amode & FileMode.Create) != 0;
        if (create)
        {
            // Rank 0 creates (and with EXCL checks existence) alone, so EXCL fails on exactly one open and
            // the others never race to create.
            if (comm.Rank == 0) file = TryOpen(driver!, path, mode, effective!, writeOnly, ref local);
            Agreement.Agree(comm, local, "MPI_File_open");
            mode &= ~(StorageOpenMode.Create | StorageOpenMode.Exclusive);
        }
        if (file == null) file = TryOpen(driver!, path, mode, effective!, writeOnly, ref local);
        Communicator node = comm.SplitShared();
        int[] nodeOf;
        try
        {
            // The last agreement also tells every rank each rank's node (named by the rank of its first
            // member), which aggregator selection needs and cb_nodes defaults to.
            // The node's first member, by its rank in comm: a local group translation, no message.
            int leader;
            using (var nodeGroup = node.GetGroup())
            using (var commGroup = comm.GetGroup())
                leader = nodeGroup.TranslateRanks([0], commGroup)[0];
            nodeOf = Agreement.AgreeAndGather(comm, local, "MPI_File_open", leader);
        }
        catch
        {
            file?.Dispose();
            node.Dispose();
            throw;
        }
        int nodes = nodeOf.Distinct().Count();
        effective = FileHints.Defaults(nodes, FilesystemName(driver!)).With(hints);
        var f = new MpiFile(comm, node, driver!, path, filename!, file!, amode, effective) { NodeCount = nodes, _nodeOf = nodeOf };
        if ((amode & FileMode.Append) != 0) f._position = f.Storage.GetSize();
        f._coll = comm.Dup();
        f._shared = SharedFilePointer.Create(comm, f._position);
        try
        {
            f.AggregatorRanks();
        }
        catch
        {
            // Deterministic from agreed inputs, so every rank is here: free the collective resources together.
            f._shared.Dispose();
            f._coll.Dispose();
            node.Dispose();
            file!.Dispose();
            throw;
        }
        return f;
    }

    /// <summary><c>MPI_File_open</c> with hints in an <see cref="MpiInfo"/>.</summary>
    public static MpiFile Open(Communicator comm, string filename, FileMode amode, MpiInfo? info) =>
        Open(comm, filename, amode, FileHints.FromInfo(info));

    private static IStorageFile? TryOpen(IStorageDriver driver, string path, StorageOpenMode mode, FileHints hints, bool writeOnly, ref Exception? local)
    {
        var dict = hints.AsDictionary();
        try
        {
            return driver.Open(path, mode, dict);
        }
        catch (StorageException e) when (writeOnly && e.ErrorClass == ErrorClass.Access)
        {
            // Write-only files are opened read-write so data sieving can read around the pieces it
            // writes; a file the process may only write is still opened, without sieving reads.
            try { return driver.Open(path, mode & ~StorageOpenMode.Read, dict); }
            catch (Exception e2) { local = e2; return null; }
        }
        catch (Exception e)
        {
            local = e;
            return null;
        }
    }

    private static StorageOpenMode StorageMode(FileMode amode)
    {
        var m = (amode & FileMode.ReadOnly) != 0 ? StorageOpenMode.Read : StorageOpenMode.ReadWrite;
        if ((amode & FileMode.Create) != 0) m |= StorageOpenMode.Create;
        if ((amode & FileMode.Exclusive) != 0) m |= StorageOpenMode.Exclusive;
        return m;
    }

    private static string FilesystemName(IStorageDriver driver) => driver.Prefix;

    /// <summary>The MPI rules on combining access modes.</summary>
    internal static void CheckAmode(FileMode amode)
    {
        const FileMode known = FileMode.Create | FileMode.ReadOnly | FileMode.WriteOnly | FileMode.ReadWrite | FileMode.DeleteOnClose
                               | FileMode.UniqueOpen | FileMode.Exclusive | FileMode.Append | FileMode.Sequential;
        if ((amode & ~known) != 0)
            throw new MpiException(ErrorClass.Amode, $"amode 0x{(int)amode:x} has bits MPI does not define.");
        int access = ((amode & FileMode.ReadOnly) != 0 ? 1 : 0) + ((amode & FileMode.WriteOnly) != 0 ? 1 : 0) + ((amode & FileMode.ReadWrite) != 0 ? 1 : 0);
        if (access != 1)
            throw new MpiException(ErrorClass.Amode, "amode must contain exactly one of ReadOnly, WriteOnly and ReadWrite.");
        if ((amode & FileMode.ReadOnly) != 0 && (amode & (FileMode.Create | FileMode.Exclusive)) != 0)
            throw new MpiException(ErrorClass.Amode, "amode ReadOnly cannot be combined with Create or Exclusive.");
        if ((amode & FileMode.ReadWrite) != 0 && (amode & FileMode.Sequential) != 0)
            throw new MpiException(ErrorClass.Amode, "amode ReadWrite cannot be combined with Sequential.");
    }

    /// <summary><c>MPI_File_close</c> (collective). With <see cref="FileMode.DeleteOnClose"/> the file is deleted once every rank closed it.</summary>
    /// <exception cref="MpiException">On every rank, when a split collective is active (<see cref="ErrorClass.IO"/>)
    /// or any rank has a nonblocking access pending (<see cref="ErrorClass.Request"/>); the file then stays open on
    /// every rank.</exception>
    public void Close()
    {
        if (_file == null) return;
        // Pending accesses are a rank's own business (a nonblocking write), so the ranks agree on the refusal
        // before any of them lets go of its handle: a refused close leaves the file open everywhere.
        Exception? refusal = null;
        try { RequirePendingNone("MPI_File_close"); }
        catch (Exception e) { refusal = e; }
        Agreement.Agree(_comm, refusal, "MPI_File_close");
        Exception? local = null;
        try { _file.Dispose(); }
        catch (Exception e) { local = e; }
        _file = null;
        try
        {
            Agreement.Agree(_comm, local, "MPI_File_close");
            if ((Amode & FileMode.DeleteOnClose) != 0)
                Agreement.Run(_comm, "MPI_File_close", () => { if (_comm.Rank == 0) _driver.Delete(_path); });
        }
        finally
        {
            // Every rank reaches this: the agreements throw on all ranks or on none.
            _nodeExchange?.Dispose();
            _sievingBuffers.ReleaseWindows();
            _shared.Dispose();
            _coll.Dispose();
            _node.Dispose();
        }
    }

    /// <summary>Closes the file (collective): see <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    /// <summary><c>MPI_File_delete</c>: deletes a file that no one has open (a local call).</summary>
    /// <exception cref="StorageException"><see cref="ErrorClass.NoSuchFile"/> when it does not exist.</exception>
    public static void Delete(string filename)
    {
        ArgumentNullException.ThrowIfNull(filename);
        var (driver, path) = StorageDrivers.Resolve(filename);
        driver.Delete(path);
    }

    /// <summary><c>MPI_File_get_group</c>: the group of the file's communicator; the caller disposes it.</summary>
    public Group GetGroup() => _comm.GetGroup();

    private IndependentAccess RentAccess() => _spareAccess.TryTake(out var a) ? a : new IndependentAccess(_sievingBuffers);

    private void ReturnAccess(IndependentAccess a) => _spareAccess.Add(a);

    private static void CheckDatatype(Datatype datatype, long count)
    {
        if (datatype is null) throw new MpiException(ErrorClass.Type, "datatype is null.");
        if (!datatype.IsCommitted) throw new MpiException(ErrorClass.Type, $"datatype {datatype} is not committed.");
        if (count < 0) throw new MpiException(ErrorClass.Count, $"count must be nonnegative, got {count}.");
    }
}
