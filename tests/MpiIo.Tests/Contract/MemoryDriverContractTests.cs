using MpiIo.Storage;
using MpiIo.Storage.Memory;

namespace MpiIo.Tests.Contract;

[TestFixture]
public sealed class MemoryDriverContractTests : StorageDriverContract
{
    protected override IStorageDriver CreateDriver() => new MemoryDriver();

    protected override string PathFor(string name) => "contract/" + name;
}
