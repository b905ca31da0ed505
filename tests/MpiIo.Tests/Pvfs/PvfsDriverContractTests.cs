using MpiIo.Storage;
using MpiIo.Storage.Pvfs;
using MpiIo.Tests.Contract;

namespace MpiIo.Tests.Pvfs;

/// <summary>The shared storage-driver contract, run against PVFS servers started in this process.</summary>
[TestFixture]
public sealed class PvfsDriverContractTests : StorageDriverContract
{
    private PvfsTestCluster? _cluster;
    private PvfsDriver? _driver;

    protected override IStorageDriver CreateDriver()
    {
        _cluster = PvfsTestCluster.Start(2, stripeSize: 1024);
        _driver = new PvfsDriver(_cluster.Config);
        return _driver;
    }

    protected override string PathFor(string name) => "/" + name;

    [TearDown]
    public void StopServers()
    {
        _driver?.Dispose();
        _cluster?.Dispose();
    }
}
