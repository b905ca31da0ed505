using Microsoft.Win32.SafeHandles;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Pvfs;

namespace MpiIo.Paper.Workload;

/// <summary>
/// One interface of the benchmark: a new shared file opened for writing, closed, reopened for reading. Every
/// rank calls every member; <see cref="Create"/> and <see cref="OpenRead"/> are collective for the MPI-IO targets.
/// </summary>
internal abstract class PaperTarget : IDisposable
{
    /// <summary>The target for a case: <paramref name="client"/> serves the native striped-file-system API.</summary>
    public static PaperTarget For(PaperCase c, Communicator world, PvfsClient? client) => c.Api switch
    {
        PaperApi.Native when c.Fs == PaperFs.Pvfs => new NativePvfsTarget(c, world, client ?? throw new InvalidOperationException("the native pvfs API needs MPIIO_PVFS_CONFIG")),
        PaperApi.Native => new PosixTarget(c, world),
        _ => new MpiIoTarget(c, world),
    };

    /// <summary>Removes the file if it exists (rank 0) and opens a new one for writing on every rank.</summary>
    public abstract void Create();

    /// <summary>Reopens the written file for reading.</summary>
    public abstract void OpenRead();

    /// <summary>Writes <paramref name="data"/> at byte <paramref name="offset"/>.</summary>
    public abstract void WriteAt(long offset, ReadOnlySpan<byte> data);

    /// <summary>Reads into <paramref name="buffer"/> from byte <paramref name="offset"/>.</summary>
    public abstract void ReadAt(long offset, Span<byte> buffer);

    /// <summary>Closes the open file.</summary>
    public abstract void Close();

    /// <summary>Removes the file (rank 0).</summary>
    public abstract void Remove();

    /// <inheritdoc/>
    public void Dispose() => Close();
}

/// <summary>MPI-IO through <see cref="MpiFile"/>, independent or collective calls; pvfs files get the case's striping hints.</summary>
internal sealed class MpiIoTarget(PaperCase c, Communicator world) : PaperTarget
{
    private MpiFile? _file;
    private readonly string _name = c.Fs == PaperFs.Pvfs ? "pvfs:" + c.Path : c.Path;

    private Dictionary<string, string> Hints() => c.Fs == PaperFs.Pvfs
        ? new() { ["striping_factor"] = c.IoServers.ToString(System.Globalization.CultureInfo.InvariantCulture), ["striping_unit"] = c.StripeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) }
        : [];

    public override void Create()
    {
        Remove();
        world.Barrier();
        _file = MpiFile.Open(world, _name, FileMode.Create | FileMode.WriteOnly, Hints());
    }

    public override void OpenRead() => _file = MpiFile.Open(world, _name, FileMode.ReadOnly, Hints());

    public override void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        if (c.Api == PaperApi.Collective)
            _file!.WriteAtAll(offset, data, data.Length, Datatype.Byte);
        else
            _file!.WriteAt(offset, data, data.Length, Datatype.Byte);
    }

    public override void ReadAt(long offset, Span<byte> buffer)
    {
        if (c.Api == PaperApi.Collective)
            _file!.ReadAtAll(offset, buffer, buffer.Length, Datatype.Byte);
        else
            _file!.ReadAt(offset, buffer, buffer.Length, Datatype.Byte);
    }

    public override void Close()
    {
        _file?.Close();
        _file = null;
    }

    public override void Remove()
    {
        if (world.Rank != 0)
            return;
        try
        {
            MpiFile.Delete(_name);
        }
        catch (StorageException e) when (e.ErrorClass == ErrorClass.NoSuchFile)
        {
            // A new file is what the benchmark wants.
        }
    }
}

/// <summary>The striped file system's native interface (PVFS1's pvfs_open/pvfs_write): rank 0 creates, the others open.</summary>
internal sealed class NativePvfsTarget(PaperCase c, Communicator world, PvfsClient client) : PaperTarget
{
    private PvfsNativeFile? _file;

    public override void Create()
    {
        Remove();
        if (world.Rank == 0)
            _file = client.Create(c.Path, new StripingLayout(c.StripeBytes, c.IoServers, 0));
        world.Barrier();
        _file ??= client.Open(c.Path);
    }

    public override void OpenRead() => _file = client.Open(c.Path);

    public override void WriteAt(long offset, ReadOnlySpan<byte> data) => _file!.WriteAt(offset, data);

    public override void ReadAt(long offset, Span<byte> buffer)
    {
        int n = _file!.ReadAt(offset, buffer);
        if (n != buffer.Length)
            throw new StorageException(ErrorClass.IO, $"pvfs read at {offset}: {n} of {buffer.Length} bytes");
    }

    public override void Close()
    {
        _file?.Dispose();
        _file = null;
    }

    public override void Remove()
    {
        if (world.Rank == 0 && client.Exists(c.Path))
            client.Remove(c.Path);
    }
}

/// <summary>The local file system's own interface: pwrite/pread through <see cref="RandomAccess"/>.</summary>
internal sealed class PosixTarget(PaperCase c, Communicator world) : PaperTarget
{
    private SafeFileHandle? _handle;

    public override void Create()
    {
        Remove();
        if (world.Rank == 0)
            _handle = File.OpenHandle(c.Path, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
        world.Barrier();
        _handle ??= File.OpenHandle(c.Path, System.IO.FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
    }

    public override void OpenRead() => _handle = File.OpenHandle(c.Path, System.IO.FileMode.Open, FileAccess.Read, FileShare.ReadWrite);

    public override void WriteAt(long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(_handle!, data, offset);

    public override void ReadAt(long offset, Span<byte> buffer)
    {
        for (int done = 0; done < buffer.Length;)
        {
            int n = RandomAccess.Read(_handle!, buffer[done..], offset + done);
            if (n == 0)
                throw new IOException($"{c.Path}: end of file at {offset + done}");
            done += n;
        }
    }

    public override void Close()
    {
        _handle?.Dispose();
        _handle = null;
    }

    public override void Remove()
    {
        if (world.Rank == 0)
            File.Delete(c.Path);
    }
}
