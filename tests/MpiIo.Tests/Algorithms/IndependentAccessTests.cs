using MpiIo.Algorithms;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;
using MpiIo.Storage.Memory;
using MpiIo.Views;

namespace MpiIo.Tests.Algorithms;

public sealed class IndependentAccessTests
{
    private static readonly Dictionary<string, string> NoHints = [];

    // Ints 0..n-1 in a new in-memory file.
    private static IStorageFile Ints(int n)
    {
        IStorageFile file = new MemoryDriver().Open("f", StorageOpenMode.ReadWrite | StorageOpenMode.Create, NoHints);
        var bytes = new byte[n * 4];
        for (int i = 0; i < n; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), i);
        file.WriteAt(0, bytes);
        return file;
    }

    // Ints {0,1} and {1,2}: the second block overlaps the first, which MPI allows on a read-only file.
    private static FileView OverlappingView() =>
        FileView.Create(0, Datatype.Int, Datatype.Indexed([2, 2], [0, 1], Datatype.Int).Commit(), FileView.Native, readOnlyFile: true);

    private static int[] AsInts(byte[] bytes) => Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToInt32(bytes, i * 4)).ToArray();

    [Test]
    public void Read_OverlappingViewOnReadOnlyFile_ReadsEveryBlockInViewOrder()
    {
        using IStorageFile file = Ints(16);
        var access = new IndependentAccess(new DataSievingBuffers());
        var memory = new byte[8 * 4];
        long read = access.Read(file, OverlappingView(), 0, memory, 0, Datatype.Int, 8, DataSievingOptions.Default, atomic: false);
        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(32));
            // The filetype's extent is 3 ints, so the second copy starts at int 3.
            Assert.That(AsInts(memory), Is.EqualTo(new[] { 0, 1, 1, 2, 3, 4, 4, 5 }));
        });
    }

    [Test]
    public void Read_OverlappingViewPastEndOfFile_CountsBytesBeforeEndAndZeroesTheRest()
    {
        using IStorageFile file = Ints(4);
        var access = new IndependentAccess(new DataSievingBuffers());
        var memory = Enumerable.Repeat((byte)0xff, 8 * 4).ToArray();
        long read = access.Read(file, OverlappingView(), 0, memory, 0, Datatype.Int, 8, DataSievingOptions.Default, atomic: false);
        Assert.Multiple(() =>
        {
            // Blocks {0,1} {1,2} {3,4}: int 4 lies past the end, so 5 ints are counted before it.
            Assert.That(read, Is.EqualTo(5 * 4));
            Assert.That(AsInts(memory), Is.EqualTo(new[] { 0, 1, 1, 2, 3, 0, 0, 0 }));
        });
    }

    [Test]
    public void Create_OverlappingViewOnWritableFile_ThrowsIo()
    {
        var filetype = Datatype.Indexed([2, 2], [0, 1], Datatype.Int).Commit();
        var e = Assert.Throws<MpiException>(() => FileView.Create(0, Datatype.Int, filetype, FileView.Native, readOnlyFile: false));
        Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.IO));
    }
}
