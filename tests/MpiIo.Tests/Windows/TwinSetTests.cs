using MpiIo.Windows;

namespace MpiIo.Tests.Windows;

[TestFixture]
public class TwinSetTests
{
    [Test]
    public void SortByPage_EntriesOutOfOrder_TwinsFollowTheirPages()
    {
        using var set = new TwinSet(16);
        foreach (int page in new[] { 9, 2, 5 }) set.Add(page, Enumerable.Repeat((byte)page, 16).ToArray());
        set.SortByPage();
        Assert.That(Enumerable.Range(0, 3).Select(set.PageAt), Is.EqualTo(new[] { 2, 5, 9 }));
        for (int i = 0; i < 3; i++) Assert.That(set.TwinAt(i, 16).ToArray(), Is.All.EqualTo((byte)set.PageAt(i)));
        Assert.That(set.IndexOf(5), Is.EqualTo(1));
        Assert.That(set.IndexOf(6), Is.Negative);
    }

    [Test]
    public void Add_WithoutContent_HasNoTwin()
    {
        using var set = new TwinSet(16);
        set.Add(3, default);
        Assert.That(set.TwinAt(0, 16).IsEmpty, Is.True);
    }

    [Test]
    public void RemovePages_Range_KeepsTheOthers()
    {
        using var set = new TwinSet(8);
        for (int p = 0; p < 10; p++) set.Add(p, new byte[8]);
        set.RemovePages(3, 7);
        Assert.That(Enumerable.Range(0, set.Count).Select(set.PageAt), Is.EqualTo(new[] { 0, 1, 2, 7, 8, 9 }));
        set.Clear();
        Assert.That(set.Count, Is.Zero);
        set.Add(1, new byte[8]); // a recycled twin
        Assert.That(set.TwinAt(0, 8).ToArray(), Is.All.EqualTo((byte)0));
    }
}
