using MpiIo.Windows;

namespace MpiIo.Tests.Windows;

[TestFixture]
public class WindowLayoutTests
{
    [Test]
    public void Constructor_UnalignedLength_LastPageShort()
    {
        var l = new WindowLayout(10_000, 4096, writable: true);
        Assert.That(l.PageCount, Is.EqualTo(3));
        Assert.That(l.PageLength(2), Is.EqualTo(10_000 - 8192));
        Assert.That(l.PageStart(2), Is.EqualTo(8192));
    }

    [Test]
    public void Constructor_Writable_TablesFollowTheDataWithoutOverlap()
    {
        var l = new WindowLayout(10_001, 1024, writable: true);
        Assert.That(l.StatesOffset, Is.GreaterThanOrEqualTo(10_001));
        Assert.That(l.StatesOffset % 64, Is.Zero);
        Assert.That(l.CountersOffset, Is.GreaterThanOrEqualTo(l.StatesOffset + 4 * l.PageCount));
        Assert.That(l.SeenOffset, Is.GreaterThanOrEqualTo(l.CountersOffset + 8 * WindowLayout.CounterCount));
        Assert.That(l.IncomingOffset, Is.EqualTo(l.SeenOffset + 8 * l.PageCount));
        Assert.That(l.TotalBytes, Is.EqualTo(l.IncomingOffset + 8 * l.PageCount));
    }

    [Test]
    public void Constructor_ReadOnly_NoVersionTables()
    {
        var l = new WindowLayout(1 << 20, 4096, writable: false);
        Assert.That(l.SeenOffset, Is.EqualTo(-1));
        Assert.That(l.TotalBytes, Is.EqualTo(l.CountersOffset + 8 * WindowLayout.CounterCount));
    }

    // 1008 pages of 4 KiB, read-only: data, 4032 bytes of states and 64 of counters end on a page boundary.
    [Test]
    public void SegmentBytes_LayoutEndsOnAPage_NotAWholeNumberOfPages()
    {
        var l = new WindowLayout(1008 * 4096, 4096, writable: false);
        Assume.That(l.TotalBytes % Environment.SystemPageSize, Is.Zero, "the case under test needs 4 KiB system pages");
        Assert.That(l.SegmentBytes % Environment.SystemPageSize, Is.Not.Zero);
        Assert.That(l.SegmentBytes, Is.GreaterThan(l.TotalBytes));
    }

    [Test]
    public void SegmentBytes_LayoutEndsInsideAPage_IsTheLayout()
    {
        var l = new WindowLayout(10_001, 1024, writable: true);
        Assert.That(l.SegmentBytes, Is.EqualTo(l.TotalBytes));
    }

    [Test]
    public void Constructor_TooManyPages_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WindowLayout(long.MaxValue / 2, 512, writable: false));

    [TestCase(0, 1, 0, 1)]
    [TestCase(4095, 2, 0, 2)]
    [TestCase(4096, 4096, 1, 2)]
    [TestCase(100, 0, 0, 0)]
    public void Pages_Range_CoversOverlappingPages(long offset, long length, int first, int end) =>
        Assert.That(new WindowLayout(1 << 20, 4096, false).Pages(offset, length), Is.EqualTo((first, end)));

    [Test]
    public void Share_SplitsContiguouslyWithoutGapsOrOverlap()
    {
        int next = 7;
        for (int r = 0; r < 3; r++)
        {
            var (first, end) = WindowLayout.Share(7, 17, r, 3);
            Assert.That(first, Is.EqualTo(next));
            next = end;
        }
        Assert.That(next, Is.EqualTo(17));
    }
}
