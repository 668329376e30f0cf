namespace Zk.Node.Core.Peer;

/// <summary>
/// ZooKeeper's two epoch files: acceptedEpoch (the last epoch this member promised in ACKEPOCH) and currentEpoch
/// (the last epoch whose NEWLEADER it acknowledged). Both must be durable before the message that depends on them.
/// </summary>
public readonly record struct PeerEpochs(long CurrentEpoch, long AcceptedEpoch);
