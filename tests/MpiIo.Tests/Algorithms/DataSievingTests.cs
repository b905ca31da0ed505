using MpiIo.Algorithms;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Faults;
using MpiIo.Storage.Local;
using MpiIo.Storage.Memory;
using MpiIo.Tests.Infrastructure;
using MpiIo.Tests.Storage;

namespace MpiIo.Tests.Algorithms;

public sealed class DataSievingTests
{
    private static readonly Dictionary<string, string> NoHints = [];
    private const StorageOpenMode CreateRw = StorageOpenMode.ReadWrite | StorageOpenMode.Create;

    private static IStorageFile Counting(out FaultPlan plan, int size = 0)
    {
        var driver = new FaultInjectingDriver(new MemoryDriver());
        plan = driver.Plan;
        IStorageFile file = driver.Open("f", CreateRw, NoHints);
        if (size > 0)
        {
            var content = new byte[size];
            new Random(size).NextBytes(content);
            file.WriteAt(0, content);
        }
        return file;
    }

    /// <summary>The call must fail with MPI_ERR_ARG naming <paramref name="argument"/>.</summary>
    private static void AssertArgError(string argument, TestDelegate call)
    {
        var e = Assert.Throws<MpiException>(call);
        Assert.Multiple(() =>
        {
            Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
            Assert.That(e.Message, Does.Contain(argument));
        });
    }

    /// <summary><paramref name="count"/> blocks of <paramref name="length"/> bytes every <paramref name="stride"/> bytes from 0.</summary>
    private static FileBlock[] Strided(int count, int length, int stride)
    {
        var blocks = new FileBlock[count];
        for (int i = 0; i < count; i++)
            blocks[i] = new FileBlock((long)i * stride, length);
        return blocks;
    }

    [Test]
    public void Write_EnableOnLockingDriver_RewritesEachWindowUnderExclusiveLock()
    {
        using IStorageFile file = Counting(out FaultPlan plan, size: 10_000);
        long before = plan.Writes, unlockedBefore = plan.UnlockedWrites;
        // Windows of 1000 bytes hold 50 blocks of 10 bytes each (the last ends at 990): 10 windows.
        var options = new DataSievingOptions { WriteBufferSize = 1000, WriteMode = DataSievingMode.Enable };
        DataSieving.Write(file, new ListBlockSource(Strided(500, 10, 20)), new byte[5000], options, new DataSievingBuffers());
        Assert.Multiple(() =>
        {
            Assert.That(plan.ExclusiveLocks, Is.EqualTo(10));
            Assert.That(plan.Writes - before, Is.EqualTo(10));
            Assert.That(plan.UnlockedWrites - unlockedBefore, Is.Zero, "read-modify-write outside the window's lock");
        });
    }

    [Test]
    public void Write_EnableOnLocalDriver_WaitsForLockHeldThroughOtherHandle()
    {
        using var dir = new TestDirectory();
        var driver = new LocalFileDriver();
        using IStorageFile writer = driver.Open(dir.File("f"), CreateRw, NoHints);
        using IStorageFile other = driver.Open(dir.File("f"), CreateRw, NoHints);
        writer.WriteAt(0, new byte[1000]);
        var options = new DataSievingOptions { WriteMode = DataSievingMode.Enable };
        var data = new byte[500];
        data.AsSpan().Fill(7);
        RangeLock held = other.Lock(300, 20, exclusive: true);
        int released = 0, seen = -1;
        var thread = new Thread(() =>
        {
            DataSieving.Write(writer, new ListBlockSource(Strided(50, 10, 20)), data, options, new DataSievingBuffers());
            seen = Volatile.Read(ref released);
        });
        thread.Start();
        Thread.Sleep(200);
        // The other handle writes into a gap of the window while it holds the lock; sieving must not overwrite it.
        other.WriteAt(315, [9]);
        Volatile.Write(ref released, 1);
        held.Dispose();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);
        var check = new byte[1];
        writer.ReadAt(315, check);
        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(1), "the sieved write ran while another handle held the lock");
            Assert.That(check[0], Is.EqualTo(9), "the gap byte written under the other lock was lost");
        });
    }

    [Test]
    public void Write_EnableOnDriverWithoutLocks_UsesListIoAndNeverReads()
    {
        var file = new TestDoubles.FeatureMaskFile(new MemoryDriver().Open("f", CreateRw, NoHints), DriverFeatures.ListIO);
        using (file)
        {
            var options = new DataSievingOptions { WriteBufferSize = 1000, WriteMode = DataSievingMode.Enable };
            DataSieving.Write(file, new ListBlockSource(Strided(100, 10, 20)), new byte[1000], options, new DataSievingBuffers());
            Assert.Multiple(() =>
            {
                Assert.That(file.LockCalls, Is.Zero);
                Assert.That(file.ReadAtCalls + file.ReadListCalls, Is.Zero);
                Assert.That(file.WriteListCalls, Is.EqualTo(1));
                Assert.That(file.GetSize(), Is.EqualTo(1990));
            });
        }
    }

    [Test]
    public void Write_WindowFullyCovered_SkipsRead()
    {
        using IStorageFile file = Counting(out FaultPlan plan);
        var options = new DataSievingOptions { WriteBufferSize = 1000, WriteMode = DataSievingMode.Enable };
        DataSieving.Write(file, new ListBlockSource(Strided(100, 20, 20)), new byte[2000], options, new DataSievingBuffers());
        Assert.Multiple(() =>
        {
            Assert.That(plan.Reads, Is.Zero);
            Assert.That(plan.Writes, Is.EqualTo(2));
        });
    }

    [Test]
    public void Write_Disable_WritesPerBlockWithoutLocks()
    {
        using IStorageFile file = Counting(out FaultPlan plan, size: 4000);
        long before = plan.Writes;
        var options = new DataSievingOptions { WriteMode = DataSievingMode.Disable };
        DataSieving.Write(file, new ListBlockSource(Strided(100, 10, 20)), new byte[1000], options, new DataSievingBuffers());
        Assert.Multiple(() =>
        {
            Assert.That(plan.Locks, Is.Zero);
            Assert.That(plan.Writes - before, Is.EqualTo(100));
        });
    }

    [Test]
    public void Write_RangeLocked_TakesNoWindowLocks()
    {
        using IStorageFile file = Counting(out FaultPlan plan, size: 3000);
        long unlockedBefore = plan.UnlockedWrites;
        var options = new DataSievingOptions { WriteBufferSize = 1000, WriteMode = DataSievingMode.Enable };
        bool done = false;
        var thread = new Thread(() =>
        {
            using AtomicRegion region = AtomicRegion.Enter(file, atomic: true, 0, 2000, write: true);
            DataSieving.Write(file, new ListBlockSource(Strided(100, 10, 20)), new byte[1000], options, new DataSievingBuffers(), rangeLocked: true);
            done = true;
        });
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True, "deadlocked on its own atomic-mode lock");
        Assert.Multiple(() =>
        {
            Assert.That(done, Is.True);
            Assert.That(plan.ExclusiveLocks, Is.EqualTo(1));
            Assert.That(plan.UnlockedWrites - unlockedBefore, Is.Zero);
        });
    }

    [Test]
    public void Write_FailureInWindow_PropagatesAndReleasesLock()
    {
        using IStorageFile file = Counting(out FaultPlan plan, size: 3000);
        plan.FailWrite(2, ErrorClass.NoSpace, bytesWritten: 100);
        var options = new DataSievingOptions { WriteBufferSize = 1000, WriteMode = DataSievingMode.Enable };
        var e = Assert.Throws<StorageException>(() =>
            DataSieving.Write(file, new ListBlockSource(Strided(100, 10, 20)), new byte[1000], options, new DataSievingBuffers()));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.NoSpace));
        bool granted = false;
        var thread = new Thread(() =>
        {
            using RangeLock again = file.Lock(0, 2000, exclusive: true);
            granted = true;
        });
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)) && granted, Is.True, "the window lock was not released");
    }

    [Test]
    public void Read_FailureInWindow_Propagates()
    {
        using IStorageFile file = Counting(out FaultPlan plan, size: 3000);
        plan.FailRead(2, ErrorClass.IO);
        var options = new DataSievingOptions { ReadBufferSize = 1000, ReadMode = DataSievingMode.Enable };
        var e = Assert.Throws<StorageException>(() =>
            DataSieving.Read(file, new ListBlockSource(Strided(100, 10, 20)), new byte[1000], options, new DataSievingBuffers()));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.IO));
    }

    [Test]
    public void Read_BlockLargerThanBuffer_ReadDirectlyWithoutWindow()
    {
        using IStorageFile file = Counting(out FaultPlan plan, size: 6000);
        var buffers = new DataSievingBuffers();
        var options = new DataSievingOptions { ReadBufferSize = 1209, ReadMode = DataSievingMode.Enable };
        var data = new byte[5000];
        long count = DataSieving.Read(file, new ListBlockSource([new FileBlock(100, 5000)]), data, options, buffers);
        long reads = plan.Reads;
        var expected = new byte[5000];
        file.ReadAt(100, expected);
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(5000));
            Assert.That(data, Is.EqualTo(expected));
            Assert.That(reads, Is.EqualTo(1), "one direct read");
            Assert.That(buffers.WindowBytes, Is.Zero);
        });
    }

    // 50 blocks of 100 bytes. Dense (stride 200, windows of 1000 hold 5 blocks): one read per window.
    // Gaps of 9900 bytes, or a lowered block limit, fail OMPIO's rule: one read per block.
    [TestCase(200, 1000, 1L << 20, 10, TestName = "Read_AutomaticDenseSmallBlocks_OneReadPerWindow")]
    [TestCase(10_000, 100_000, 1L << 20, 50, TestName = "Read_AutomaticLargeGaps_ReadsPerBlock")]
    [TestCase(200, 1000, 50L, 50, TestName = "Read_AutomaticLargeBlocks_ReadsPerBlock")]
    public void Read_Automatic_DecidesPerWindow(int stride, int bufferSize, long maxAverageBlock, int expectedReads)
    {
        using IStorageFile file = Counting(out FaultPlan plan, size: 50 * stride);
        var options = new DataSievingOptions { ReadBufferSize = bufferSize, AutomaticMaxAverageBlock = maxAverageBlock };
        DataSieving.Read(file, new ListBlockSource(Strided(50, 100, stride)), new byte[5000], options, new DataSievingBuffers());
        Assert.That(plan.Reads, Is.EqualTo(expectedReads));
    }

    [Test]
    public void Write_AutomaticLargeGaps_NoReadModifyWrite()
    {
        using IStorageFile file = Counting(out FaultPlan plan, size: 600_000);
        var options = new DataSievingOptions { WriteBufferSize = 100_000 };
        DataSieving.Write(file, new ListBlockSource(Strided(50, 100, 10_000)), new byte[5000], options, new DataSievingBuffers());
        Assert.Multiple(() =>
        {
            Assert.That(plan.Locks, Is.Zero);
            Assert.That(plan.Reads, Is.Zero);
        });
    }

    [Test]
    public void Read_ZeroLengthBlocksOnly_MovesNothing()
    {
        using IStorageFile file = Counting(out FaultPlan plan, size: 100);
        long count = DataSieving.Read(file, new ListBlockSource([new(5, 0), new(50, 0), new(1000, 0)]), [], DataSievingOptions.Default, new DataSievingBuffers());
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.Zero);
            Assert.That(plan.Reads, Is.Zero);
        });
    }

    [Test]
    public void Read_PastEndOfFile_CountsBytesBeforeEndAndZeroFills()
    {
        using IStorageFile file = Counting(out _, size: 100);
        var data = new byte[120];
        data.AsSpan().Fill(0xFF);
        var options = new DataSievingOptions { ReadMode = DataSievingMode.Enable };
        long count = DataSieving.Read(file, new ListBlockSource([new(50, 100), new(300, 10), new(400, 10)]), data, options, new DataSievingBuffers());
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(50));
            Assert.That(data.AsSpan(50).ContainsAnyExcept((byte)0), Is.False);
        });
    }

    [Test]
    public void Read_OverlappingBlocks_ThrowsArg()
    {
        using IStorageFile file = Counting(out _, size: 100);
        AssertArgError("blocks", () =>
            DataSieving.Read(file, new ListBlockSource([new(0, 10), new(5, 10)]), new byte[20], DataSievingOptions.Default, new DataSievingBuffers()));
    }

    [Test]
    public void Write_DataShorterThanBlocks_ThrowsArg()
    {
        using IStorageFile file = Counting(out _);
        AssertArgError("data", () =>
            DataSieving.Write(file, new ListBlockSource([new(0, 10)]), new byte[9], DataSievingOptions.Default, new DataSievingBuffers()));
    }

    [Test]
    public void Write_NegativeBlock_ThrowsArg()
    {
        using IStorageFile file = Counting(out _);
        AssertArgError("blocks", () =>
            DataSieving.Write(file, new ListBlockSource([new(-1, 1)]), new byte[1], DataSievingOptions.Default, new DataSievingBuffers()));
    }

    [Test]
    public void Read_MisbehavingSource_ThrowsArg()
    {
        using IStorageFile file = Counting(out _, size: 10);
        AssertArgError("blocks", () =>
            DataSieving.Read(file, new OverfillingSource(), new byte[10], DataSievingOptions.Default, new DataSievingBuffers()));
    }

    [Test]
    public void Read_RepeatedCalls_ReuseOneWindow()
    {
        using IStorageFile file = Counting(out _, size: 10_000);
        var buffers = new DataSievingBuffers();
        var options = new DataSievingOptions { ReadBufferSize = 1000, ReadMode = DataSievingMode.Enable };
        DataSieving.Read(file, new ListBlockSource(Strided(50, 10, 20)), new byte[500], options, buffers);
        byte[] window = buffers.ReadWindow(options.ReadBufferSize);
        DataSieving.Read(file, new ListBlockSource(Strided(50, 10, 20)), new byte[500], options, buffers);
        Assert.Multiple(() =>
        {
            Assert.That(buffers.ReadWindow(options.ReadBufferSize), Is.SameAs(window));
            Assert.That(buffers.WindowBytes, Is.EqualTo(1000));
        });
    }

    [Test]
    public void Read_SharedBuffersFromTwoThreads_BothCorrect()
    {
        var driver = new MemoryDriver();
        var buffers = new DataSievingBuffers();
        var options = new DataSievingOptions { ReadBufferSize = 1000, ReadMode = DataSievingMode.Enable };
        var failures = new int[2];
        var threads = new Thread[2];
        for (int t = 0; t < 2; t++)
        {
            int id = t;
            threads[t] = new Thread(() =>
            {
                using IStorageFile file = driver.Open("f" + id, CreateRw, NoHints);
                var content = new byte[4000];
                content.AsSpan().Fill((byte)(id + 1));
                file.WriteAt(0, content);
                for (int round = 0; round < 200; round++)
                {
                    var data = new byte[1000];
                    DataSieving.Read(file, new ListBlockSource(Strided(100, 10, 30)), data, options, buffers);
                    if (data.AsSpan().ContainsAnyExcept((byte)(id + 1)))
                        failures[id]++;
                }
            });
            threads[t].Start();
        }
        foreach (Thread thread in threads)
            Assert.That(thread.Join(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(failures, Is.EqualTo(new[] { 0, 0 }));
    }

    [Test]
    public void Constructor_PieceCapacityBelowTwo_ThrowsArg()
        => Assert.That(Assert.Throws<MpiException>(() => _ = new DataSievingBuffers(1))!.ErrorClass, Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void Read_SmallPieceCapacity_StillCorrect()
    {
        using IStorageFile file = Counting(out _, size: 10_000);
        var expected = new byte[500];
        var data = new byte[500];
        FileBlock[] blocks = Strided(50, 10, 20);
        DataSieving.Read(file, new ListBlockSource(blocks), expected, DataSievingOptions.Default with { ReadMode = DataSievingMode.Disable }, new DataSievingBuffers());
        DataSieving.Read(file, new ListBlockSource(blocks), data, DataSievingOptions.Default with { ReadMode = DataSievingMode.Enable }, new DataSievingBuffers(pieceCapacity: 3));
        Assert.That(data, Is.EqualTo(expected));
    }

    /// <summary>A source that claims to have written more blocks than it had room for.</summary>
    private sealed class OverfillingSource : IBlockSource
    {
        public int Fill(Span<FileBlock> destination) => destination.Length + 1;
    }
}
