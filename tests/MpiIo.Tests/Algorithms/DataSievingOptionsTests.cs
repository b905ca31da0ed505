using MpiIo.Algorithms;
using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Tests.Algorithms;

public sealed class DataSievingOptionsTests
{
    [Test]
    public void Default_RomioValues()
    {
        DataSievingOptions o = DataSievingOptions.Default;
        Assert.Multiple(() =>
        {
            Assert.That(o.ReadBufferSize, Is.EqualTo(4 << 20));
            Assert.That(o.WriteBufferSize, Is.EqualTo(512 << 10));
            Assert.That(o.ReadMode, Is.EqualTo(DataSievingMode.Automatic));
            Assert.That(o.WriteMode, Is.EqualTo(DataSievingMode.Automatic));
        });
    }

    [Test]
    public void FromHints_ValidValues_Applied()
    {
        DataSievingOptions o = DataSievingOptions.FromHints(new Dictionary<string, string>
        {
            ["ind_rd_buffer_size"] = "1209",
            ["ind_wr_buffer_size"] = " 1107 ",
            ["romio_ds_read"] = "DISABLE",
            ["romio_ds_write"] = "enable",
        });
        Assert.That(o, Is.EqualTo(DataSievingOptions.Default with
        {
            ReadBufferSize = 1209,
            WriteBufferSize = 1107,
            ReadMode = DataSievingMode.Disable,
            WriteMode = DataSievingMode.Enable,
        }));
    }

    [TestCase("ind_rd_buffer_size", "-5")]
    [TestCase("ind_rd_buffer_size", "0")]
    [TestCase("ind_rd_buffer_size", "lots")]
    [TestCase("ind_wr_buffer_size", "4294967296")]
    [TestCase("romio_ds_read", "sometimes")]
    [TestCase("romio_ds_write", "")]
    public void FromHints_InvalidValue_Ignored(string key, string value)
        => Assert.That(DataSievingOptions.FromHints(new Dictionary<string, string> { [key] = value }), Is.EqualTo(DataSievingOptions.Default));

    [Test]
    public void FromHints_Null_ReturnsDefaults()
        => Assert.That(DataSievingOptions.FromHints(null), Is.SameAs(DataSievingOptions.Default));

    [Test]
    public void WriteHints_RoundTripsThroughFromHints()
    {
        var options = new DataSievingOptions { ReadBufferSize = 999, ReadMode = DataSievingMode.Enable, WriteMode = DataSievingMode.Disable };
        var hints = new Dictionary<string, string>();
        options.WriteHints(hints);
        Assert.Multiple(() =>
        {
            Assert.That(hints["romio_ds_read"], Is.EqualTo("enable"));
            Assert.That(hints["romio_ds_write"], Is.EqualTo("disable"));
            Assert.That(DataSievingOptions.FromHints(hints), Is.EqualTo(options));
        });
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase((1 << 30) + 1)]
    public void ReadBufferSize_OutOfRange_ThrowsArg(int size)
    {
        var e = Assert.Throws<MpiException>(() => _ = new DataSievingOptions { ReadBufferSize = size });
        Assert.Multiple(() =>
        {
            Assert.That(e!.ErrorClass, Is.EqualTo(ErrorClass.Arg));
            Assert.That(e.Message, Does.Contain("ReadBufferSize"));
        });
    }

    [Test]
    public void WriteBufferSize_Zero_ThrowsArg()
        => Assert.That(Assert.Throws<MpiException>(() => _ = new DataSievingOptions { WriteBufferSize = 0 })!.ErrorClass, Is.EqualTo(ErrorClass.Arg));

    [Test]
    public void ListBlockSource_FillInBatches_StreamsAllThenResets()
    {
        var source = new ListBlockSource([new(0, 1), new(5, 2), new(9, 3)]);
        var batch = new FileBlock[2];
        Assert.Multiple(() =>
        {
            Assert.That(source.TotalLength, Is.EqualTo(6));
            Assert.That(source.Fill(batch), Is.EqualTo(2));
            Assert.That(batch[1], Is.EqualTo(new FileBlock(5, 2)));
            Assert.That(source.Fill(batch), Is.EqualTo(1));
            Assert.That(batch[0], Is.EqualTo(new FileBlock(9, 3)));
            Assert.That(source.Fill(batch), Is.Zero);
        });
        source.Reset();
        Assert.That(source.Fill(batch), Is.EqualTo(2));
    }
}
