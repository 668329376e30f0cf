using Zk.Node.Core.Peer;
using Zk.Node.Core.Server;

namespace Zk.Node.Simulation.Zab;

/// <summary>One simulated zknode process with its disk: a durable log, writes still waiting for fsync, a snapshot and the epoch files.</summary>
internal sealed class SimMember(long id)
{
    public long Id { get; } = id;

    public QuorumPeer? Peer { get; set; }

    public bool IsUp => Peer is not null;

    public List<PendingTxn> DurableLog { get; } = [];

    /// <summary>Appended but not fsynced: a crash loses these.</summary>
    public List<PendingTxn> Unsynced { get; } = [];

    public byte[]? Snapshot { get; set; }

    public PeerEpochs Epochs { get; set; }

    /// <summary>The dynamic config file (rewritten on every ConfigChanged); null = the ensemble's initial configuration.</summary>
    public string? ConfigText { get; set; }

    /// <summary>False for a spare server until the scenario starts it (to join through a reconfig).</summary>
    public bool Started { get; set; } = true;

    /// <summary>This process's clock runs ahead of simulated time by this much (clock jumps).</summary>
    public long ClockSkewMs { get; set; }

    /// <summary>Established leaderships already reported, by epoch.</summary>
    public long ReportedEpoch { get; set; } = -1;

    /// <summary>Applied zxids already fed to the committed-history checker.</summary>
    public long CheckedZxid { get; set; }

    /// <summary>How many state or phase changes the cluster saw from this member (a quorum connection's lifetime ends at one).</summary>
    public int StateChanges { get; set; }

    public void Truncate(long zxid)
    {
        DurableLog.RemoveAll(t => t.Zxid > zxid);
        Unsynced.RemoveAll(t => t.Zxid > zxid);
    }

    public void Fsync()
    {
        DurableLog.AddRange(Unsynced);
        Unsynced.Clear();
    }
}
