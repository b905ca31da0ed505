using MpiIo.Datatypes;

namespace MpiIo.Tests.Datatypes;

public sealed class External32SizeTests
{
    [Test]
    public void UnconvertedSize_TypesExternal32SizesDifferently_StandardTableSizes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(External32.UnconvertedSize(Datatype.Long), Is.EqualTo(4));
            Assert.That(External32.UnconvertedSize(Datatype.UnsignedLong), Is.EqualTo(4));
            Assert.That(External32.UnconvertedSize(Datatype.WChar), Is.EqualTo(2));
            Assert.That(External32.UnconvertedSize(Datatype.LongDouble), Is.EqualTo(16));
        });
    }

    [Test]
    public void UnconvertedSize_ConvertedOrDerivedType_Null()
    {
        Assert.Multiple(() =>
        {
            Assert.That(External32.UnconvertedSize(Datatype.Int), Is.Null);
            Assert.That(External32.UnconvertedSize(Datatype.Contiguous(2, Datatype.Long).Commit()), Is.Null);
        });
    }
}
