using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using MpiIo.Mpi;

// The foundation's demo: every rank writes its own part of one shared file, the ranks synchronise
// through MPI, and each rank reads back and checks its neighbour's part. Later issues replace this with
// the benchmark main job.
using var env = new MpiEnvironment();
var world = Communicator.World;
string path = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"mpiio-demo-{Environment.UserName}.bin");
const int partBytes = 1 << 20;

if (world.Rank == 0)
{
    File.Delete(path);
    Console.WriteLine($"MpiIo demo: {world.Size} ranks on {MpiEnvironment.ProcessorName}, MPI {MpiEnvironment.StandardVersion}, " +
                      MpiEnvironment.LibraryVersion.Split('\n')[0].Trim());
}
world.Barrier();

var part = new byte[partBytes];
Fill(part, world.Rank);
double t0 = MpiEnvironment.Wtime();
using (SafeFileHandle h = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite))
{
    RandomAccess.Write(h, part, (long)world.Rank * partBytes);
    RandomAccess.FlushToDisk(h);
}
world.Barrier();
double written = MpiEnvironment.Wtime() - t0;

int neighbour = (world.Rank + 1) % world.Size;
var back = new byte[partBytes];
using (SafeFileHandle h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
    RandomAccess.Read(h, back, (long)neighbour * partBytes);
var expected = new byte[partBytes];
Fill(expected, neighbour);
int bad = back.AsSpan().SequenceEqual(expected) ? 0 : 1;
Console.WriteLine($"rank {world.Rank}: wrote bytes [{(long)world.Rank * partBytes}, {(long)(world.Rank + 1) * partBytes}), " +
                  $"read back rank {neighbour}'s part: {(bad == 0 ? "ok" : "MISMATCH")}");
int totalBad = world.Allreduce(bad, Op.Sum);
double slowest = world.Allreduce(written, Op.Max);
if (world.Rank == 0)
{
    long size = new FileInfo(path).Length;
    Console.WriteLine($"file {path}: {size} bytes from {world.Size} ranks in {slowest * 1e3:F1} ms; " +
                      (totalBad == 0 ? "every part verified" : $"{totalBad} parts wrong"));
    File.Delete(path);
}
return totalBad == 0 ? 0 : 1;

static void Fill(Span<byte> part, int rank)
{
    for (int i = 0; i + 8 <= part.Length; i += 8) BinaryPrimitives.WriteInt64LittleEndian(part[i..], ((long)rank << 32) | (uint)i);
}
