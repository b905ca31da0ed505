using System.Globalization;
using Microsoft.Data.Sqlite;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Server;

/// <summary>
/// The metadata role's namespace in SQLite: objects (files and directories, with a file's distribution, servers
/// and data handles) and directory entries. A file's object row and its entry are inserted in one transaction, and
/// the client creates the data objects before asking, so a crash never leaves a visible half file (PVFS2's order:
/// data objects → metafile → directory entry). One connection, serialised by a lock: metadata is not the data path.
/// </summary>
internal sealed class MetadataStore : IDisposable
{
    public const ulong RootHandle = 1;
    private const int DirectoryMode = 0x1ED; // 0755

    private readonly SqliteConnection _db;
    private readonly object _gate = new();
    private readonly string _path;

    static MetadataStore() => SQLitePCL.Batteries_V2.Init();

    public MetadataStore(string storageDirectory, bool syncMeta)
    {
        Directory.CreateDirectory(storageDirectory);
        _path = Path.Combine(storageDirectory, "metadata.db");
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        _db.Open();
        Exec("PRAGMA journal_mode=WAL");
        Exec(syncMeta ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF");
        Exec("""
            CREATE TABLE IF NOT EXISTS objects(
                handle INTEGER PRIMARY KEY, type INTEGER NOT NULL, mode INTEGER NOT NULL,
                ctime INTEGER NOT NULL, mtime INTEGER NOT NULL,
                ssize INTEGER NOT NULL, pcount INTEGER NOT NULL, base INTEGER NOT NULL,
                servers TEXT NOT NULL, datafiles TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS dentries(
                parent INTEGER NOT NULL, name TEXT NOT NULL, handle INTEGER NOT NULL,
                PRIMARY KEY(parent, name));
            """);
        long now = Now();
        Exec($"INSERT OR IGNORE INTO objects VALUES({RootHandle}, {(int)PvfsObjectType.Directory}, {DirectoryMode}, {now}, {now}, 0, 0, 0, '', '')");
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private void Exec(string sql, SqliteTransaction? tx = null)
    {
        using SqliteCommand cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object Value)[] args)
    {
        SqliteCommand cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach ((string name, object value) in args)
            cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    private static StorageException NotFound(string path) => new(ErrorClass.NoSuchFile, $"pvfs: '{path}' does not exist");

    private PvfsAttributes? Get(ulong handle, SqliteTransaction? tx)
    {
        using SqliteCommand cmd = Command("SELECT type, mode, ctime, mtime, ssize, pcount, base, servers, datafiles FROM objects WHERE handle = $h", tx, ("$h", (long)handle));
        using SqliteDataReader r = cmd.ExecuteReader();
        if (!r.Read())
            return null;
        return new PvfsAttributes
        {
            Handle = handle,
            Type = (PvfsObjectType)r.GetInt32(0),
            Mode = r.GetInt32(1),
            CreateTime = r.GetInt64(2),
            ModifyTime = r.GetInt64(3),
            Layout = new StripingLayout(r.GetInt64(4), r.GetInt32(5), r.GetInt32(6)),
            Servers = ParseList(r.GetString(7), s => int.Parse(s, CultureInfo.InvariantCulture)),
            DataHandles = ParseList(r.GetString(8), s => ulong.Parse(s, CultureInfo.InvariantCulture)),
        };
    }

    private static T[] ParseList<T>(string text, Func<string, T> parse)
        => text.Length == 0 ? [] : Array.ConvertAll(text.Split(','), s => parse(s));

    private ulong? Child(ulong parent, string name, SqliteTransaction? tx)
    {
        using SqliteCommand cmd = Command("SELECT handle FROM dentries WHERE parent = $p AND name = $n", tx, ("$p", (long)parent), ("$n", name));
        object? value = cmd.ExecuteScalar();
        return value is long h ? (ulong)h : null;
    }

    // Walks the components; returns the handle of the last one (or null if only it is missing).
    private ulong? Resolve(string path, string[] parts, int count, SqliteTransaction? tx)
    {
        ulong handle = RootHandle;
        for (int i = 0; i < count; i++)
        {
            PvfsAttributes dir = Get(handle, tx) ?? throw NotFound(path);
            if (dir.Type != PvfsObjectType.Directory)
                throw new StorageException(ErrorClass.NoSuchFile, $"pvfs: '{path}': '{parts[i - 1]}' is not a directory");
            ulong? next = Child(handle, parts[i], tx);
            if (next == null)
            {
                if (i == count - 1)
                    return null;
                throw NotFound(path);
            }
            handle = next.Value;
        }
        return handle;
    }

    public PvfsAttributes Lookup(string path)
    {
        string[] parts = PvfsPath.Split(path);
        lock (_gate)
        {
            ulong handle = Resolve(path, parts, parts.Length, null) ?? throw NotFound(path);
            return Get(handle, null) ?? throw NotFound(path);
        }
    }

    private ulong Parent(string path, string[] parts, SqliteTransaction tx)
    {
        if (parts.Length == 0)
            throw new StorageException(ErrorClass.FileExists, "pvfs: '/' already exists");
        ulong parent = Resolve(path, parts, parts.Length - 1, tx) ?? throw NotFound(path);
        PvfsAttributes dir = Get(parent, tx) ?? throw NotFound(path);
        if (dir.Type != PvfsObjectType.Directory)
            throw new StorageException(ErrorClass.NoSuchFile, $"pvfs: '{path}': parent is not a directory");
        if (Child(parent, parts[^1], tx) != null)
            throw new StorageException(ErrorClass.FileExists, $"pvfs: '{path}' already exists");
        return parent;
    }

    private PvfsAttributes Insert(string path, PvfsObjectType type, int mode, StripingLayout layout, IReadOnlyList<int> servers, IReadOnlyList<ulong> handles)
    {
        string[] parts = PvfsPath.Split(path);
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            ulong parent = Parent(path, parts, tx);
            long now = Now();
            using (SqliteCommand cmd = Command(
                "INSERT INTO objects(type, mode, ctime, mtime, ssize, pcount, base, servers, datafiles) VALUES($t, $m, $c, $c, $s, $p, $b, $sv, $d); SELECT last_insert_rowid();",
                tx, ("$t", (int)type), ("$m", mode), ("$c", now), ("$s", layout.StripeSize), ("$p", layout.ServerCount), ("$b", layout.Base),
                ("$sv", string.Join(',', servers)), ("$d", string.Join(',', handles))))
            {
                ulong handle = (ulong)(long)cmd.ExecuteScalar()!;
                using SqliteCommand entry = Command("INSERT INTO dentries VALUES($p, $n, $h)", tx, ("$p", (long)parent), ("$n", parts[^1]), ("$h", (long)handle));
                entry.ExecuteNonQuery();
                Touch(parent, now, tx);
                tx.Commit();
                return Get(handle, null)!;
            }
        }
    }

    private void Touch(ulong handle, long now, SqliteTransaction tx)
    {
        using SqliteCommand cmd = Command("UPDATE objects SET mtime = $m WHERE handle = $h", tx, ("$m", now), ("$h", (long)handle));
        cmd.ExecuteNonQuery();
    }

    public PvfsAttributes Create(string path, int mode, StripingLayout layout, IReadOnlyList<int> servers, IReadOnlyList<ulong> handles)
        => Insert(path, PvfsObjectType.File, mode, layout, servers, handles);

    public PvfsAttributes Mkdir(string path, int mode)
        => Insert(path, PvfsObjectType.Directory, mode, default, [], []);

    /// <summary>Entries of a directory whose names sort after <paramref name="after"/>, at most <paramref name="max"/>.</summary>
    public List<PvfsDirEntry> ReadDir(string path, string after, int max)
    {
        string[] parts = PvfsPath.Split(path);
        lock (_gate)
        {
            ulong handle = Resolve(path, parts, parts.Length, null) ?? throw NotFound(path);
            PvfsAttributes dir = Get(handle, null) ?? throw NotFound(path);
            if (dir.Type != PvfsObjectType.Directory)
                throw new StorageException(ErrorClass.BadFile, $"pvfs: '{path}' is not a directory");
            using SqliteCommand cmd = Command(
                "SELECT d.name, o.type, d.handle FROM dentries d JOIN objects o ON o.handle = d.handle WHERE d.parent = $p AND d.name > $a ORDER BY d.name LIMIT $l",
                null, ("$p", (long)handle), ("$a", after), ("$l", max));
            using SqliteDataReader r = cmd.ExecuteReader();
            var entries = new List<PvfsDirEntry>();
            while (r.Read())
                entries.Add(new PvfsDirEntry(r.GetString(0), (PvfsObjectType)r.GetInt32(1), (ulong)r.GetInt64(2)));
            return entries;
        }
    }

    /// <summary>Removes a file or an empty directory in one transaction and returns what it was (the client then removes the data objects).</summary>
    public PvfsAttributes Remove(string path)
    {
        string[] parts = PvfsPath.Split(path);
        if (parts.Length == 0)
            throw new StorageException(ErrorClass.Access, "pvfs: '/' cannot be removed");
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            ulong parent = Resolve(path, parts, parts.Length - 1, tx) ?? throw NotFound(path);
            ulong handle = Child(parent, parts[^1], tx) ?? throw NotFound(path);
            PvfsAttributes attributes = Get(handle, tx) ?? throw NotFound(path);
            if (attributes.Type == PvfsObjectType.Directory)
            {
                using SqliteCommand any = Command("SELECT 1 FROM dentries WHERE parent = $p LIMIT 1", tx, ("$p", (long)handle));
                if (any.ExecuteScalar() != null)
                    throw new StorageException(ErrorClass.FileInUse, $"pvfs: directory '{path}' is not empty");
            }
            using (SqliteCommand cmd = Command("DELETE FROM dentries WHERE parent = $p AND name = $n; DELETE FROM objects WHERE handle = $h", tx,
                ("$p", (long)parent), ("$n", parts[^1]), ("$h", (long)handle)))
                cmd.ExecuteNonQuery();
            Touch(parent, Now(), tx);
            tx.Commit();
            return attributes;
        }
    }

    public PvfsAttributes SetAttr(string path, int mode, long modifyTime)
    {
        string[] parts = PvfsPath.Split(path);
        lock (_gate)
        {
            ulong handle = Resolve(path, parts, parts.Length, null) ?? throw NotFound(path);
            using (SqliteCommand cmd = Command("UPDATE objects SET mode = $m, mtime = $t WHERE handle = $h", null, ("$m", mode), ("$t", modifyTime), ("$h", (long)handle)))
                cmd.ExecuteNonQuery();
            return Get(handle, null)!;
        }
    }

    public (long Objects, long Bytes) Usage()
    {
        lock (_gate)
        {
            using SqliteCommand cmd = Command("SELECT COUNT(*) FROM objects", null);
            long objects = (long)cmd.ExecuteScalar()!;
            long bytes = 0;
            foreach (string suffix in new[] { "", "-wal" })
                if (File.Exists(_path + suffix))
                    bytes += new FileInfo(_path + suffix).Length;
            return (objects, bytes);
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _db.Dispose();
    }
}
