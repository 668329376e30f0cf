namespace Zk.Node.Fuzz.Support;

/// <summary>A decoder broke the hostile-input contract (<see cref="HostileInput"/>).</summary>
internal sealed class HostileInputException(string message, Exception? inner = null) : Exception(message, inner);
