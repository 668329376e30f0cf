using Zk.Node.Core.Election;
using Zk.Node.Core.Server;

namespace Zk.Node.Core.Peer;

/// <summary>
/// Everything the host must do after feeding a <see cref="QuorumPeer"/>, strictly in this order:
/// <list type="number">
/// <item><see cref="TruncateAfter"/>: drop every logged txn with a larger zxid;</item>
/// <item><see cref="Snapshot"/>: write the snapshot durably and drop log records after its zxid;</item>
/// <item><see cref="Persist"/>: append to the txn log and fsync, then call <see cref="QuorumPeer.Persisted"/> with the
/// last zxid of the batch (it may be later, with group commit; never earlier than the fsync);</item>
/// <item><see cref="Epochs"/>: write acceptedEpoch/currentEpoch durably (write-tmp, fsync, rename);</item>
/// <item>send <see cref="Election"/> and <see cref="Quorum"/> (in list order per peer; a <see cref="QuorumAction"/>
/// without packet closes that connection) — these may depend on everything above being durable;</item>
/// <item>send <see cref="ClientSends"/> per connection in order, then close <see cref="ClientCloses"/>.</item>
/// </list>
/// </summary>
public sealed class PeerReady
{
    public long? TruncateAfter { get; set; }

    public SnapshotInstall? Snapshot { get; set; }

    public List<PendingTxn> Persist { get; } = [];

    public PeerEpochs? Epochs { get; set; }

    public List<OutboundNotification> Election { get; } = [];

    public List<QuorumAction> Quorum { get; } = [];

    public List<OutboundFrame> ClientSends { get; } = [];

    public List<ConnectionId> ClientCloses { get; } = [];

    /// <summary>Client requests that failed with an unexpected exception (<see cref="Ready.Faults"/>): log each once.</summary>
    public List<string> ClientFaults { get; } = [];

    /// <summary>Client connections in <see cref="ClientCloses"/> because their input did not decode, and why.</summary>
    public List<MalformedInput> ClientMalformed { get; } = [];

    /// <summary>Payload bytes in <see cref="ClientSends"/>.</summary>
    public long ClientSendBytes { get; set; }

    /// <summary>snapCount txns were applied since the last snapshot: the host should call <see cref="QuorumPeer.WriteSnapshot"/>.</summary>
    public bool SnapshotDue { get; set; }

    /// <summary>
    /// The configuration became active (a committed reconfig, or a leader's first NEWLEADER giving version 0 its
    /// version): rewrite the dynamic config file with <see cref="Zk.Node.Core.Quorum.QuorumConfig.Format"/>. Before
    /// the <see cref="Quorum"/> messages of this batch is fine; a crash before the rewrite is recovered by the log.
    /// </summary>
    public Zk.Node.Core.Quorum.QuorumConfig? ConfigChanged { get; set; }

    /// <summary>Role or phase changed in this batch (for logs and mntr); read the new values off the peer.</summary>
    public bool StateChanged { get; set; }

    public bool IsEmpty => TruncateAfter is null && Snapshot is null && Persist.Count == 0 && Epochs is null && Election.Count == 0
        && Quorum.Count == 0 && ClientSends.Count == 0 && ClientCloses.Count == 0 && ClientFaults.Count == 0 && !SnapshotDue && !StateChanged && ConfigChanged is null;
}
