namespace Zk.Node.Core.Server;

/// <summary>One frame for a connection, without the 4-byte length prefix (the host adds it).</summary>
public readonly record struct OutboundFrame(ConnectionId Connection, byte[] Payload);
