using Zk.Node.Core.Server;

namespace Zk.Node.Server.Hosting;

/// <summary>Everything that reaches the core thread: socket events, storage completions, timer ticks, work to run there.</summary>
internal abstract record CoreInput
{
    public sealed record Connect(ConnectionId Connection, byte[] Payload, string RemoteAddress) : CoreInput;

    public sealed record Receive(ConnectionId Connection, byte[] Payload) : CoreInput;

    public sealed record Disconnected(ConnectionId Connection) : CoreInput;

    public sealed record WriteRaw(ConnectionId Connection, byte[] Bytes) : CoreInput;

    public sealed record CloseConnection(ConnectionId Connection) : CoreInput;

    public sealed record Persisted(long Zxid) : CoreInput;

    public sealed record Tick : CoreInput;

    /// <summary>Runs on the core thread with consistent views of the tree, sessions and watches (four-letter words, admin, metrics).</summary>
    public sealed record Run(Action Action) : CoreInput;
}
