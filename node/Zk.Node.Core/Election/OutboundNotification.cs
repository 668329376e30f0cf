using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Election;

/// <summary>A notification the host must send on the election channel to server <paramref name="To"/>.</summary>
public readonly record struct OutboundNotification(long To, Notification Message);
