namespace Zk.Node.Core.Watches;

/// <summary>Limits of the watch manager (architecture principle 7).</summary>
public sealed record WatchOptions
{
    /// <summary>
    /// Watch entries (path × table) one watcher may hold. A persistent watch takes two (data and child
    /// table), every other kind one. ZooKeeper has no such limit; past it we refuse to arm instead of
    /// letting one connection grow the server's memory without bound, and the request that asked for the
    /// watch is answered THROTTLED (never OK without the watch). 0 removes the limit, as in ZooKeeper.
    /// </summary>
    public int MaxWatchesPerWatcher { get; init; } = 100_000;
}
