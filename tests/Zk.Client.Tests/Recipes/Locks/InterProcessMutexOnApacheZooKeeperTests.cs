using Zk.Client.Tests.Support;

namespace Zk.Client.Tests.Recipes.Locks;

[Collection(ZooKeeperCollection.Name)]
public sealed class InterProcessMutexOnApacheZooKeeperTests(ZooKeeperFixture zk) : InterProcessMutexTests(zk);
