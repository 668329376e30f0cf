namespace Zk.Client.Tests.Support;

[CollectionDefinition(Name)]
public sealed class ZooKeeperCollection : ICollectionFixture<ZooKeeperFixture>
{
    public const string Name = "Apache ZooKeeper";
}
