namespace Zk.Node.Protocol.Jute;

/// <summary>Malformed jute input. The connection that sent it is closed; nothing else is affected.</summary>
public sealed class JuteException(string message) : Exception(message);
