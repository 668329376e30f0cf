namespace Zk.Node.Protocol.Jute;

/// <summary>
/// Malformed or truncated protocol input. The connection that sent it is closed; nothing else is affected.
/// Not sealed: framing errors (<see cref="Framing.FrameTooLargeException"/>) derive from it so a connection
/// loop needs one catch clause for everything a peer can get wrong.
/// </summary>
public class JuteException(string message) : Exception(message);
