using MpiIo.Native.Files;

namespace MpiIo.Tests.Native;

public class HandleTableTests
{
    private sealed class Item;

    [Test]
    public void Add_NewItem_GivesANonNullHandleThatFindsIt()
    {
        var table = new HandleTable<Item>();
        var item = new Item();
        nint h = table.Add(item);
        Assert.That(h, Is.Not.EqualTo((nint)0));
        Assert.That(table.TryGet(h, out var found), Is.True);
        Assert.That(found, Is.SameAs(item));
    }

    [Test]
    public void Remove_Handle_MakesItInvalid()
    {
        var table = new HandleTable<Item>();
        nint h = table.Add(new Item());
        Assert.That(table.Remove(h), Is.Not.Null);
        Assert.That(table.TryGet(h, out _), Is.False);
        Assert.That(table.Remove(h), Is.Null, "a second free finds nothing");
    }

    [Test]
    public void Add_AfterRemove_ReusesTheSlotUnderANewHandle()
    {
        var table = new HandleTable<Item>();
        nint old = table.Add(new Item());
        int fortran = table.ToFortran(old);
        table.Remove(old);
        var second = new Item();
        nint fresh = table.Add(second);
        Assert.That(fresh, Is.Not.EqualTo(old));
        Assert.That(table.TryGet(old, out _), Is.False, "the stale handle must not reach the new object");
        Assert.That(table.ToFortran(fresh), Is.EqualTo(fortran), "the slot, and so the Fortran handle, is reused");
    }

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(0x12345678L)]
    [TestCase(-1L)]
    public void TryGet_ForeignValue_IsRejected(long value)
    {
        var table = new HandleTable<Item>();
        table.Add(new Item());
        Assert.That(table.TryGet((nint)value, out _), Is.False);
    }

    [Test]
    public void ToFortranAndBack_LiveHandle_RoundTrips()
    {
        var table = new HandleTable<Item>();
        table.Add(new Item());
        nint h = table.Add(new Item());
        int f = table.ToFortran(h);
        Assert.That(f, Is.EqualTo(2));
        Assert.That(table.FromFortran(f), Is.EqualTo(h));
    }

    [Test]
    public void FromFortran_NullOrFreedOrUnknown_IsTheNullHandle()
    {
        var table = new HandleTable<Item>();
        nint h = table.Add(new Item());
        int f = table.ToFortran(h);
        table.Remove(h);
        Assert.That(table.FromFortran(0), Is.EqualTo((nint)0));
        Assert.That(table.FromFortran(f), Is.EqualTo((nint)0));
        Assert.That(table.FromFortran(77), Is.EqualTo((nint)0));
        Assert.That(table.ToFortran(h), Is.Zero);
    }

    [Test]
    public void Live_ListsOpenItemsInSlotOrder()
    {
        var table = new HandleTable<Item>();
        var a = new Item();
        var b = new Item();
        var c = new Item();
        table.Add(a);
        nint hb = table.Add(b);
        table.Add(c);
        table.Remove(hb);
        Assert.That(table.Live().Select(l => l.Item), Is.EqualTo(new[] { a, c }));
    }

    [Test]
    public void Add_ManyItems_GrowsTheTable()
    {
        var table = new HandleTable<Item>();
        var handles = Enumerable.Range(0, 100).Select(_ => table.Add(new Item())).ToList();
        Assert.That(handles.Distinct().Count(), Is.EqualTo(100));
        Assert.That(handles.All(h => table.TryGet(h, out _)), Is.True);
    }

    [Test]
    public void Add_TableFull_RaisesNoMemAndKeepsTheLiveHandles()
    {
        var table = new HandleTable<Item>(capacity: 2);
        nint a = table.Add(new Item());
        table.Add(new Item());
        var e = Assert.Throws<MpiIo.Mpi.MpiException>(() => table.Add(new Item()));
        Assert.That(e!.ErrorClass, Is.EqualTo(MpiIo.Mpi.ErrorClass.NoMem));
        Assert.That(table.TryGet(a, out _), Is.True);
        table.Remove(a);
        Assert.That(table.Add(new Item()), Is.Not.EqualTo((nint)0), "a freed slot is available again");
    }
}
