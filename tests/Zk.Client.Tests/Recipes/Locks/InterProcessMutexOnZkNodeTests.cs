using Zk.Client.Tests.Support;

namespace Zk.Client.Tests.Recipes.Locks;

public sealed class InterProcessMutexOnZkNodeTests(ZkNodeFixture zknode) : InterProcessMutexTests(zknode), IClassFixture<ZkNodeFixture>;
