namespace Zk.Node.Core.Peer;

/// <summary>
/// A SNAP from the leader replaced this member's state: the host writes <paramref name="Payload"/> as a snapshot covering
/// <paramref name="Zxid"/> (same format as <see cref="QuorumPeer.WriteSnapshot"/>) and drops every log record after
/// <paramref name="Zxid"/>, before it appends the batch's txns.
/// </summary>
public sealed record SnapshotInstall(long Zxid, byte[] Payload);
