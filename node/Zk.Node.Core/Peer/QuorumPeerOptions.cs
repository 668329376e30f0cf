using Zk.Node.Core.Election;
using Zk.Node.Core.Server;

namespace Zk.Node.Core.Peer;

/// <summary>Knobs of one ensemble member (zoo.cfg names in the comments).</summary>
public sealed record QuorumPeerOptions
{
    /// <summary>myid. <see cref="CoreOptions.ServerId"/> is forced to the same value.</summary>
    public required long MyId { get; init; }

    /// <summary>The client pipeline's options (tickTime lives there).</summary>
    public CoreOptions Core { get; init; } = new();

    /// <summary>initLimit: ticks allowed for discovery and synchronization.</summary>
    public int InitLimit { get; init; } = 10;

    /// <summary>syncLimit: ticks a leader or learner may stay silent before the other side gives up on it.</summary>
    public int SyncLimit { get; init; } = 5;

    /// <summary>zookeeper.commitLogCount: committed txns the leader keeps in memory for DIFF; older learners get a SNAP.</summary>
    public int CommittedLogCount { get; init; } = 500;

    /// <summary>reconfigEnabled.</summary>
    public bool ReconfigEnabled { get; init; }

    /// <summary>standaloneEnabled (ZooKeeper's default true): a reconfig may not leave fewer than two voters.</summary>
    public bool StandaloneEnabled { get; init; } = true;

    /// <summary>readonlymode.enabled: while looking for a quorum, serve reads to clients that allow read-only servers.</summary>
    public bool ReadOnlyModeEnabled { get; init; }

    /// <summary>Length of one election clock tick (FastLeaderElection's timers count these).</summary>
    public int ElectionTickMs { get; init; } = 10;

    /// <summary>Election timers; null = ZooKeeper's for <see cref="ElectionTickMs"/>.</summary>
    public ElectionOptions? Election { get; init; }

    /// <summary>Fault injection for the simulator only: ACK proposals before the host made them durable.</summary>
    internal bool BugAckBeforeFsync { get; init; }

    /// <summary>Fault injection for the simulator only: a leader commits what it logged itself, without waiting for a quorum.</summary>
    internal bool BugCommitWithoutQuorum { get; init; }

    internal int TickTimeMs => Core.TickTimeMs;
}
