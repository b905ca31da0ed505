using System.Text;
using MpiIo.Mpi;

namespace MpiIo.RankTests;

/// <summary>A directory every rank agrees on (rank 0 names it), removed when the scenario ends.</summary>
public sealed class SharedDirectory : IDisposable
{
    private readonly Communicator _comm;

    public SharedDirectory(Communicator comm)
    {
        _comm = comm;
        var name = new byte[64];
        if (comm.Rank == 0)
        {
            var root = Environment.GetEnvironmentVariable("MPIIO_TEST_ROOT") ?? System.IO.Path.GetTempPath();
            var path = System.IO.Path.Combine(root, "mpiio-rank-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(path);
            Encoding.UTF8.GetBytes(path).CopyTo(name, 0);
        }
        comm.Bcast<byte>(name, 0);
        Path = Encoding.UTF8.GetString(name).TrimEnd('\0');
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        _comm.Barrier();
        if (_comm.Rank == 0) try { Directory.Delete(Path, true); } catch (IOException) { }
    }
}
