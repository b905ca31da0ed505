using MpiIo.Storage;
using MpiIo.Storage.Faults;
using MpiIo.Storage.Local;

namespace MpiIo.Tests.Contract;

/// <summary>The fault-injecting wrapper with no faults planned must itself be a correct driver.</summary>
[TestFixture]
public sealed class FaultInjectingDriverContractTests : StorageDriverContract
{
    protected override IStorageDriver CreateDriver() => new FaultInjectingDriver(new LocalFileDriver());
}
