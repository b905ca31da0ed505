using MpiIo.Storage;
using MpiIo.Storage.Local;

namespace MpiIo.Tests.Contract;

[TestFixture]
public sealed class LocalFileDriverContractTests : StorageDriverContract
{
    protected override IStorageDriver CreateDriver() => new LocalFileDriver();
}
