namespace Zk.Node.Simulation.Fle;

/// <summary>
/// Timings of the lease stub that stands in for ZAB after an election: a leader pings, followers answer; a leader
/// without a quorum of recent answers, or a follower without recent pings, goes back to looking — what ZAB's
/// syncLimit and socket timeouts do, so that a wrong or stale decision gets undone as it would in ZooKeeper.
/// </summary>
public sealed record LeaseOptions
{
    public int PingIntervalTicks { get; init; } = 5;

    public int TimeoutTicks { get; init; } = 40;
}
