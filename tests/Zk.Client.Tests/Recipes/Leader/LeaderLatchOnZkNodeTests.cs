using Zk.Client.Tests.Support;

namespace Zk.Client.Tests.Recipes.Leader;

public sealed class LeaderLatchOnZkNodeTests(ZkNodeFixture zknode) : LeaderLatchTests(zknode), IClassFixture<ZkNodeFixture>;
