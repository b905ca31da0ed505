using MpiIo.Windows;

namespace MpiIo.Tests.Windows;

[TestFixture]
public class PageStateTests
{
    [Test]
    public void WithOwner_KeepsFlags_RecordsOwner()
    {
        int s = PageState.WithOwner(PageState.Present | PageState.Dirty, 5);
        Assert.That(PageState.Owner(s), Is.EqualTo(5));
        Assert.That(PageState.IsDirty(s), Is.True);
        Assert.That(PageState.Presence(s), Is.EqualTo(PageState.Present));
    }

    [Test]
    public void Owner_Untracked_IsMinusOne() => Assert.That(PageState.Owner(PageState.Clean), Is.EqualTo(-1));
}
