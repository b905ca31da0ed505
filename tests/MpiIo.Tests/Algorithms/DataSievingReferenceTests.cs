using MpiIo.Algorithms;
using MpiIo.Storage;
using MpiIo.Storage.Faults;
using MpiIo.Storage.Local;
using MpiIo.Storage.Memory;
using MpiIo.Tests.Infrastructure;
using MpiIo.Tests.Storage;

namespace MpiIo.Tests.Algorithms;

/// <summary>
/// Seeded random block patterns checked against a reference model of per-block I/O, for every mode and
/// for drivers with and without locks and native list I/O, with ROMIO's tiny test buffers (1209/1107 bytes).
/// </summary>
public sealed class DataSievingReferenceTests
{
    public enum Backend
    {
        Memory,
        Local,
        MemoryWithoutListIo,
        MemoryWithoutLocks,
    }

    private static readonly Dictionary<string, string> NoHints = [];

    private static readonly DataSievingOptions Tiny = new() { ReadBufferSize = 1209, WriteBufferSize = 1107 };

    private static IStorageFile Open(Backend backend, TestDirectory dir)
    {
        const StorageOpenMode mode = StorageOpenMode.ReadWrite | StorageOpenMode.Create;
        return backend switch
        {
            Backend.Local => new LocalFileDriver().Open(dir.File("f"), mode, NoHints),
            Backend.MemoryWithoutListIo => new FaultInjectingDriver(new MemoryDriver()).Open("f", mode, NoHints),
            Backend.MemoryWithoutLocks => new TestDoubles.FeatureMaskFile(new MemoryDriver().Open("f", mode, NoHints),
                DriverFeatures.ListIO),
            _ => new MemoryDriver().Open("f", mode, NoHints),
        };
    }

    /// <summary>Blocks with gaps from 0 (adjacent) up, zero-length blocks, and some blocks bigger than the windows.</summary>
    internal static FileBlock[] RandomBlocks(Random random, int count)
    {
        var blocks = new FileBlock[count];
        long offset = random.Next(0, 300);
        int maxGap = random.Next(2) == 0 ? 64 : 3000;
        for (int i = 0; i < count; i++)
        {
            int roll = random.Next(100);
            long length = roll < 10 ? 0 : roll < 15 ? random.Next(1300, 4000) : random.Next(1, 400);
            blocks[i] = new FileBlock(offset, length);
            offset += length + (random.Next(4) == 0 ? 0 : random.Next(0, maxGap));
        }
        return blocks;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static long Total(FileBlock[] blocks)
    {
        long total = 0;
        foreach (FileBlock b in blocks)
            total += b.Length;
        return total;
    }

    private static byte[] ReadAll(IStorageFile file)
    {
        var all = new byte[file.GetSize()];
        file.ReadAt(0, all);
        return all;
    }

    /// <summary>A random pattern and a file whose content ends somewhere between 30% and 110% of the pattern's span.</summary>
    private static IStorageFile Prepare(Random random, Backend backend, TestDirectory dir, out FileBlock[] blocks, out byte[] content)
    {
        blocks = RandomBlocks(random, random.Next(1, 120));
        content = RandomBytes(random, (int)(blocks[^1].End * random.Next(30, 110) / 100));
        IStorageFile file = Open(backend, dir);
        file.WriteAt(0, content);
        return file;
    }

    [Test]
    public void Read_RandomPatterns_MatchPerBlockReference(
        [Values] DataSievingMode mode, [Values] Backend backend, [Range(1, 6)] int seed)
    {
        var random = new Random(seed * 7919 + (int)mode * 31 + (int)backend);
        using var dir = new TestDirectory();
        using IStorageFile file = Prepare(random, backend, dir, out FileBlock[] blocks, out byte[] content);
        int total = (int)Total(blocks);
        var data = new byte[total + 8];
        data.AsSpan().Fill(0xA5);
        long count = DataSieving.Read(file, new ListBlockSource(blocks), data, Tiny with { ReadMode = mode }, new DataSievingBuffers());

        var expected = new byte[total + 8];
        expected.AsSpan(total).Fill(0xA5);
        long expectedCount = 0;
        int position = 0;
        foreach (FileBlock b in blocks)
        {
            for (long k = 0; k < b.Length; k++)
            {
                long at = b.Offset + k;
                expected[position++] = at < content.Length ? content[at] : (byte)0;
                expectedCount += at < content.Length ? 1 : 0;
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(expectedCount), "bytes before end of file");
            Assert.That(data, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Write_RandomPatterns_MatchPerBlockReference(
        [Values] DataSievingMode mode, [Values] Backend backend, [Range(1, 6)] int seed)
    {
        var random = new Random(seed * 104729 + (int)mode * 31 + (int)backend);
        using var dir = new TestDirectory();
        using IStorageFile file = Prepare(random, backend, dir, out FileBlock[] blocks, out byte[] content);
        int total = (int)Total(blocks);
        byte[] data = RandomBytes(random, total);
        long written = DataSieving.Write(file, new ListBlockSource(blocks), data, Tiny with { WriteMode = mode }, new DataSievingBuffers());

        long size = content.Length;
        foreach (FileBlock b in blocks)
        {
            if (b.Length > 0)
                size = Math.Max(size, b.End);
        }
        var expected = new byte[size];
        content.CopyTo(expected, 0);
        int position = 0;
        foreach (FileBlock b in blocks)
        {
            if (b.Length == 0)
                continue;
            data.AsSpan(position, (int)b.Length).CopyTo(expected.AsSpan((int)b.Offset));
            position += (int)b.Length;
        }
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(total));
            Assert.That(ReadAll(file), Is.EqualTo(expected));
        });
    }
}
