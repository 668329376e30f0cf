namespace Zk.Bench;

/// <summary>Which server implementation a <see cref="ServerProcess"/> runs; both read the same zoo.cfg.</summary>
internal enum ServerKind
{
    ZooKeeper,
    ZkNode,
}
