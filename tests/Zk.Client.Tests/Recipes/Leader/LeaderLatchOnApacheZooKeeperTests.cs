using Zk.Client.Tests.Support;

namespace Zk.Client.Tests.Recipes.Leader;

[Collection(ZooKeeperCollection.Name)]
public sealed class LeaderLatchOnApacheZooKeeperTests(ZooKeeperFixture zk) : LeaderLatchTests(zk);
