namespace Zk.Node.Core.Server;

/// <summary>A connection closed because a frame did not decode: the host logs it with the peer's address.</summary>
public readonly record struct MalformedInput(ConnectionId Connection, string Reason);
