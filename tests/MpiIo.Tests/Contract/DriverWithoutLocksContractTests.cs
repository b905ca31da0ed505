using MpiIo.Storage;
using MpiIo.Storage.Memory;
using MpiIo.Tests.Storage;

namespace MpiIo.Tests.Contract;

/// <summary>
/// The contract on a driver that offers no locks (as the striped driver will), so the suite's lock-less
/// branch runs: <see cref="IStorageFile.Lock"/> must refuse with UNSUPPORTED_OPERATION.
/// </summary>
[TestFixture]
public sealed class DriverWithoutLocksContractTests : StorageDriverContract
{
    protected override IStorageDriver CreateDriver()
        => new TestDoubles.FeatureMaskDriver(new MemoryDriver(), DriverFeatures.ListIO);

    protected override string PathFor(string name) => "nolocks/" + name;
}
