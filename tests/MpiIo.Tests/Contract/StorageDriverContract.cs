using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Tests.Infrastructure;

namespace MpiIo.Tests.Contract;

/// <summary>
/// The behaviour every storage driver must show. A driver's fixture derives from this class and
/// overrides <see cref="CreateDriver"/> (and <see cref="PathFor"/> when its names are not local paths).
/// Each test gets a fresh driver and its own temporary directory.
/// </summary>
public abstract class StorageDriverContract
{
    private static readonly IReadOnlyDictionary<string, string> NoHints = new Dictionary<string, string>();
    private readonly List<IStorageFile> _open = [];
    private TestDirectory? _directory;

    /// <summary>The driver under test, fresh for each test.</summary>
    protected IStorageDriver Driver { get; private set; } = null!;

    /// <summary>The test's own temporary directory.</summary>
    protected string TestDirectoryPath => _directory!.Path;

    /// <summary>Makes the driver for one test; called after the test directory exists.</summary>
    protected abstract IStorageDriver CreateDriver();

    /// <summary>The driver path of a file called <paramref name="name"/>; by default a file in the test directory.</summary>
    protected virtual string PathFor(string name) => Path.Combine(TestDirectoryPath, name);

    [SetUp]
    public void SetUpDriver()
    {
        _directory = new TestDirectory();
        Driver = CreateDriver();
    }

    [TearDown]
    public void TearDownDriver()
    {
        foreach (IStorageFile f in _open)
            f.Dispose();
        _open.Clear();
        _directory?.Dispose();
    }

    /// <summary>Opens and remembers the file so it is closed after the test.</summary>
    protected IStorageFile Open(string name, StorageOpenMode mode = StorageOpenMode.ReadWrite | StorageOpenMode.Create)
    {
        IStorageFile file = Driver.Open(PathFor(name), mode, NoHints);
        _open.Add(file);
        return file;
    }

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] ReadAll(IStorageFile file)
    {
        var all = new byte[file.GetSize()];
        Assert.That(file.ReadAt(0, all), Is.EqualTo(all.Length));
        return all;
    }

    private static void AssertError(ErrorClass expected, TestDelegate call)
        => Assert.That(Assert.Throws<StorageException>(call)!.ErrorClass, Is.EqualTo(expected));

    private void RequireLocks()
    {
        if ((Driver.Features & DriverFeatures.Locks) == 0)
            Assert.Ignore("The driver has no byte-range locks.");
    }

    [Test]
    public void Open_Create_MakesEmptyFile()
    {
        IStorageFile file = Open("a");
        Assert.Multiple(() =>
        {
            Assert.That(Driver.Exists(PathFor("a")), Is.True);
            Assert.That(file.GetSize(), Is.Zero);
            Assert.That(file.Path, Is.EqualTo(PathFor("a")));
        });
    }

    [Test]
    public void Open_ExclusiveWhenFileExists_ThrowsFileExists()
    {
        Open("a");
        AssertError(ErrorClass.FileExists, () => Open("a", StorageOpenMode.ReadWrite | StorageOpenMode.Create | StorageOpenMode.Exclusive));
    }

    [Test]
    public void Open_ExclusiveWhenMissing_Creates()
    {
        Open("a", StorageOpenMode.ReadWrite | StorageOpenMode.Create | StorageOpenMode.Exclusive);
        Assert.That(Driver.Exists(PathFor("a")), Is.True);
    }

    [Test]
    public void Open_MissingWithoutCreate_ThrowsNoSuchFile()
    {
        AssertError(ErrorClass.NoSuchFile, () => Open("missing", StorageOpenMode.ReadWrite));
        Assert.That(Driver.Exists(PathFor("missing")), Is.False);
    }

    [Test]
    public void Open_NeitherReadNorWrite_ThrowsAmode()
        => AssertError(ErrorClass.Amode, () => Open("a", StorageOpenMode.Create));

    [Test]
    public void Open_ExclusiveWithoutCreate_ThrowsAmode()
        => AssertError(ErrorClass.Amode, () => Open("a", StorageOpenMode.ReadWrite | StorageOpenMode.Exclusive));

    [Test]
    public void Open_CreateOnExistingFile_KeepsData()
    {
        Open("a").WriteAt(0, [1, 2, 3]);
        Assert.That(ReadAll(Open("a")), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void WriteAt_ThenReadAtThroughOtherHandle_ReturnsData()
    {
        IStorageFile writer = Open("a");
        byte[] data = Pattern(10_000, 1);
        writer.WriteAt(0, data.AsSpan(0, 4000));
        writer.WriteAt(4000, data.AsSpan(4000));
        IStorageFile reader = Open("a", StorageOpenMode.Read);
        var middle = new byte[3000];
        Assert.Multiple(() =>
        {
            Assert.That(reader.ReadAt(3500, middle), Is.EqualTo(3000));
            Assert.That(middle, Is.EqualTo(data.AsSpan(3500, 3000).ToArray()));
            Assert.That(ReadAll(reader), Is.EqualTo(data));
        });
    }

    [Test]
    public void ReadAt_AcrossEndOfFile_ReturnsBytesBeforeEnd()
    {
        IStorageFile file = Open("a");
        file.WriteAt(0, Pattern(100, 2));
        var buffer = new byte[50];
        Assert.Multiple(() =>
        {
            Assert.That(file.ReadAt(80, buffer), Is.EqualTo(20));
            Assert.That(buffer.AsSpan(0, 20).ToArray(), Is.EqualTo(Pattern(100, 2).AsSpan(80).ToArray()));
        });
    }

    [Test]
    public void ReadAt_PastEndOfFile_ReturnsZero()
    {
        IStorageFile file = Open("a");
        file.WriteAt(0, [1]);
        Assert.That(file.ReadAt(1000, new byte[10]), Is.Zero);
    }

    [Test]
    public void ReadAt_NegativeOffset_ThrowsArg()
        => AssertError(ErrorClass.Arg, () => Open("a").ReadAt(-1, new byte[1]));

    [Test]
    public void WriteAt_PastEndOfFile_ZeroFillsGap()
    {
        IStorageFile file = Open("a");
        file.WriteAt(0, [9]);
        file.WriteAt(5000, [7, 7]);
        byte[] all = ReadAll(file);
        var expected = new byte[5002];
        expected[0] = 9;
        expected[5000] = expected[5001] = 7;
        Assert.That(all, Is.EqualTo(expected));
    }

    [Test]
    public void WriteAt_ReadOnlyHandle_ThrowsAccessAndWritesNothing()
    {
        Open("a");
        IStorageFile reader = Open("a", StorageOpenMode.Read);
        AssertError(ErrorClass.Access, () => reader.WriteAt(0, [1]));
        Assert.That(reader.GetSize(), Is.Zero);
    }

    [Test]
    public void ReadAt_WriteOnlyHandle_ThrowsAccess()
    {
        IStorageFile writer = Open("a", StorageOpenMode.Write | StorageOpenMode.Create);
        writer.WriteAt(0, [1]);
        AssertError(ErrorClass.Access, () => writer.ReadAt(0, new byte[1]));
    }

    [Test]
    public void ReadAt_AfterDispose_ThrowsFile()
    {
        IStorageFile file = Open("a");
        file.Dispose();
        AssertError(ErrorClass.File, () => file.ReadAt(0, new byte[1]));
    }

    [Test]
    public void ReadList_BlocksPastEndOfFile_ZeroFillsAndCountsBytesBeforeEnd()
    {
        IStorageFile file = Open("a");
        byte[] content = Pattern(100, 3);
        file.WriteAt(0, content);
        FileBlock[] blocks = [new(10, 5), new(15, 5), new(50, 0), new(90, 20), new(200, 4)];
        var buffer = new byte[34];
        buffer.AsSpan().Fill(0xEE);
        long beforeEof = file.ReadList(blocks, buffer);
        var expected = new byte[34];
        content.AsSpan(10, 10).CopyTo(expected);
        content.AsSpan(90, 10).CopyTo(expected.AsSpan(10));
        Assert.Multiple(() =>
        {
            Assert.That(beforeEof, Is.EqualTo(20));
            Assert.That(buffer, Is.EqualTo(expected));
        });
    }

    [Test]
    public void WriteList_Blocks_WritesConsecutivePiecesInOrder()
    {
        IStorageFile file = Open("a");
        FileBlock[] blocks = [new(0, 2), new(2, 1), new(10, 3), new(10, 0), new(100, 2)];
        file.WriteList(blocks, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        byte[] all = ReadAll(file);
        var expected = new byte[102];
        expected[0] = 1; expected[1] = 2; expected[2] = 3;
        expected[10] = 4; expected[11] = 5; expected[12] = 6;
        expected[100] = 7; expected[101] = 8;
        Assert.That(all, Is.EqualTo(expected));
    }

    [Test]
    public void WriteList_LengthsDoNotMatchData_ThrowsArgAndWritesNothing()
    {
        IStorageFile file = Open("a");
        AssertError(ErrorClass.Arg, () => file.WriteList([new(0, 2), new(10, 5)], new byte[3]));
        Assert.That(file.GetSize(), Is.Zero);
    }

    [Test]
    public void ReadList_NegativeBlock_ThrowsArg()
        => AssertError(ErrorClass.Arg, () => Open("a").ReadList([new(-4, 2)], new byte[2]));

    [Test]
    public void SetSize_Shrink_TruncatesAndExtensionReadsZeros()
    {
        IStorageFile file = Open("a");
        file.WriteAt(0, Pattern(200_000, 4));
        file.SetSize(70_001);
        Assert.That(file.GetSize(), Is.EqualTo(70_001));
        file.SetSize(200_000);
        byte[] all = ReadAll(file);
        Assert.Multiple(() =>
        {
            Assert.That(all.AsSpan(0, 70_001).ToArray(), Is.EqualTo(Pattern(200_000, 4).AsSpan(0, 70_001).ToArray()));
            Assert.That(all.AsSpan(70_001).ContainsAnyExcept((byte)0), Is.False);
        });
    }

    [Test]
    public void SetSize_Extend_ReadsZeros()
    {
        IStorageFile file = Open("a");
        file.SetSize(1000);
        Assert.That(ReadAll(file), Is.EqualTo(new byte[1000]));
    }

    [Test]
    public void SetSize_Negative_ThrowsArg()
        => AssertError(ErrorClass.Arg, () => Open("a").SetSize(-1));

    [Test]
    public void Preallocate_SmallerThanFile_NeverShrinks()
    {
        IStorageFile file = Open("a");
        file.WriteAt(0, Pattern(5000, 5));
        file.Preallocate(100);
        Assert.That(ReadAll(file), Is.EqualTo(Pattern(5000, 5)));
    }

    [Test]
    public void Preallocate_LargerThanFile_ExtendsWithZeros()
    {
        IStorageFile file = Open("a");
        file.WriteAt(0, [1, 2]);
        file.Preallocate(8192);
        byte[] all = ReadAll(file);
        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Length.EqualTo(8192));
            Assert.That(all[0], Is.EqualTo(1));
            Assert.That(all.AsSpan(2).ContainsAnyExcept((byte)0), Is.False);
        });
    }

    [Test]
    public void Delete_ExistingFile_RemovesIt()
    {
        Open("a").Dispose();
        Driver.Delete(PathFor("a"));
        Assert.That(Driver.Exists(PathFor("a")), Is.False);
        AssertError(ErrorClass.NoSuchFile, () => Open("a", StorageOpenMode.Read));
    }

    [Test]
    public void Delete_MissingFile_ThrowsNoSuchFile()
        => AssertError(ErrorClass.NoSuchFile, () => Driver.Delete(PathFor("missing")));

    [Test]
    public void Flush_AfterWrites_Succeeds()
    {
        IStorageFile file = Open("a");
        file.WriteAt(0, Pattern(1000, 6));
        file.Flush();
        Assert.That(ReadAll(Open("a", StorageOpenMode.Read)), Is.EqualTo(Pattern(1000, 6)));
    }

    [Test]
    public void WriteAt_ConcurrentNonOverlappingFromThreads_AllDataPresent()
    {
        IStorageFile file = Open("a");
        const int threads = 4, stripes = 64, stripe = 1000;
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int rank = t;
            workers[t] = new Thread(() =>
            {
                var data = new byte[stripe];
                for (int s = 0; s < stripes; s++)
                {
                    data.AsSpan().Fill((byte)(rank * stripes + s));
                    file.WriteAt(((long)s * threads + rank) * stripe, data);
                }
            });
            workers[t].Start();
        }
        foreach (Thread w in workers)
            w.Join();
        byte[] all = ReadAll(file);
        Assert.That(all, Has.Length.EqualTo(threads * stripes * stripe));
        for (int s = 0; s < stripes; s++)
        {
            for (int t = 0; t < threads; t++)
            {
                int at = (s * threads + t) * stripe;
                Assert.That(all.AsSpan(at, stripe).ContainsAnyExcept((byte)(t * stripes + s)), Is.False, $"stripe {s} of thread {t}");
            }
        }
    }

    [Test]
    public void Lock_ExclusiveHeldThroughOtherHandle_WaitsUntilReleased()
    {
        RequireLocks();
        IStorageFile first = Open("a");
        IStorageFile second = Open("a");
        AssertSecondWaits(() => first.Lock(100, 50, exclusive: true), () => second.Lock(120, 10, exclusive: false));
    }

    [Test]
    public void Lock_ExclusiveHeldByOtherThreadOnSameHandle_WaitsUntilReleased()
    {
        RequireLocks();
        IStorageFile file = Open("a");
        AssertSecondWaits(() => file.Lock(0, 10, exclusive: true), () => file.Lock(5, 10, exclusive: true));
    }

    [Test]
    public void Lock_SharedHeldThroughOtherHandle_ExclusiveWaits()
    {
        RequireLocks();
        IStorageFile first = Open("a");
        IStorageFile second = Open("a");
        AssertSecondWaits(() => first.Lock(0, 10, exclusive: false), () => second.Lock(0, 10, exclusive: true));
    }

    [Test]
    public void Lock_ZeroLength_CoversToInfinity()
    {
        RequireLocks();
        IStorageFile first = Open("a");
        IStorageFile second = Open("a");
        AssertSecondWaits(() => first.Lock(100, 0, exclusive: true), () => second.Lock(1L << 40, 1, exclusive: true));
    }

    [Test]
    public void Lock_SharedOnTwoHandlesAndDisjointExclusive_AllGranted()
    {
        RequireLocks();
        IStorageFile first = Open("a");
        IStorageFile second = Open("a");
        bool granted = RunWithGuard(() =>
        {
            using RangeLock a = first.Lock(0, 100, exclusive: false);
            using RangeLock b = second.Lock(50, 100, exclusive: false);
            using RangeLock c = second.Lock(200, 10, exclusive: true);
            using RangeLock d = first.Lock(210, 10, exclusive: true);
        });
        Assert.That(granted, Is.True, "compatible locks must not wait");
    }

    [Test]
    public void Lock_OverlappingSharedOnSameHandle_ReleaseOfOneKeepsTheOther()
    {
        RequireLocks();
        IStorageFile file = Open("a");
        IStorageFile other = Open("a");
        RangeLock a = file.Lock(0, 100, exclusive: false);
        RangeLock b = RunOnThread(() => file.Lock(50, 100, exclusive: false));
        a.Dispose();
        // [50, 100) is still held shared by b, so an exclusive lock over it must wait until b goes.
        AssertSecondWaits(() => b, () => other.Lock(60, 10, exclusive: true));
    }

    [Test]
    public void Lock_ExclusiveOnReadOnlyHandle_ThrowsAccess()
    {
        RequireLocks();
        Open("a");
        IStorageFile reader = Open("a", StorageOpenMode.Read);
        AssertError(ErrorClass.Access, () => reader.Lock(0, 1, exclusive: true));
    }

    [Test]
    public void Lock_DisposedHandleReleasesItsLocks()
    {
        RequireLocks();
        IStorageFile first = Open("a");
        IStorageFile second = Open("a");
        first.Lock(0, 10, exclusive: true);
        first.Dispose();
        bool granted = RunWithGuard(() => second.Lock(0, 10, exclusive: true).Dispose());
        Assert.That(granted, Is.True);
    }

    [Test]
    public void Lock_DriverWithoutLocks_ThrowsUnsupportedOperation()
    {
        if ((Driver.Features & DriverFeatures.Locks) != 0)
            Assert.Ignore("The driver has byte-range locks.");
        AssertError(ErrorClass.UnsupportedOperation, () => Open("a").Lock(0, 1, exclusive: true));
    }

    /// <summary>
    /// Takes <paramref name="takeFirst"/>, then starts <paramref name="takeSecond"/> on another thread; the second
    /// must not be granted before the first is released. The check is ordering, not timing: the main thread sets a
    /// marker just before releasing, and the second thread reads it once granted.
    /// </summary>
    private static void AssertSecondWaits(Func<RangeLock> takeFirst, Func<RangeLock> takeSecond)
    {
        RangeLock first = takeFirst();
        int releasedMarker = 0;
        int seenByWaiter = -1;
        var waiter = new Thread(() =>
        {
            using RangeLock second = takeSecond();
            seenByWaiter = Volatile.Read(ref releasedMarker);
        });
        waiter.Start();
        // Give the waiter ample time to reach the lock call; if locks did not exclude, it would pass now.
        Thread.Sleep(200);
        Volatile.Write(ref releasedMarker, 1);
        first.Dispose();
        Assert.That(waiter.Join(TimeSpan.FromSeconds(30)), Is.True, "the waiter never got the lock after release");
        Assert.That(seenByWaiter, Is.EqualTo(1), "the second lock was granted while the first was held");
    }

    private static bool RunWithGuard(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        return thread.Join(TimeSpan.FromSeconds(30));
    }

    private static RangeLock RunOnThread(Func<RangeLock> take)
    {
        RangeLock taken = default;
        var thread = new Thread(() => taken = take());
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);
        return taken;
    }
}
