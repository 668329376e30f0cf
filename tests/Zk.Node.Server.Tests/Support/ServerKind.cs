namespace Zk.Node.Server.Tests.Support;

/// <summary>Which server a test process runs: ours, or Apache ZooKeeper 3.8 from Debian for comparison.</summary>
public enum ServerKind
{
    ZkNode,
    ApacheZooKeeper,
}
