using Zk.Node.Core.Quorum;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Server.Hosting;

/// <summary>Everything that reaches the core thread: socket events, storage completions, timer ticks, work to run there.</summary>
internal abstract record CoreInput
{
    public sealed record Connect(ConnectionId Connection, byte[] Payload, string RemoteAddress) : CoreInput;

    public sealed record Receive(ConnectionId Connection, byte[] Payload) : CoreInput;

    public sealed record Disconnected(ConnectionId Connection) : CoreInput;

    public sealed record WriteRaw(ConnectionId Connection, byte[] Bytes) : CoreInput;

    public sealed record CloseConnection(ConnectionId Connection) : CoreInput;

    /// <summary>A paused connection's send loop wrote some of its queued output: time to look whether it may be read again.</summary>
    public sealed record OutputDrained(ConnectionId Connection) : CoreInput;

    public sealed record Persisted(long Zxid) : CoreInput;

    public sealed record Tick : CoreInput;

    /// <summary>A FastLeaderElection notification from server <paramref name="Sid"/>.</summary>
    public sealed record ElectionMessage(long Sid, Notification Message) : CoreInput;

    /// <summary>Leader side: a learner identified itself on quorum connection <paramref name="Connection"/>.</summary>
    public sealed record LearnerConnected(long Sid, long Connection, LearnerRole Role) : CoreInput;

    /// <summary>Learner side: the quorum connection to the leader is up.</summary>
    public sealed record LeaderConnected(long Sid, long Connection) : CoreInput;

    /// <summary>Learner side: the leader could not be reached in time.</summary>
    public sealed record LeaderUnreachable(long Sid) : CoreInput;

    public sealed record QuorumReceived(long Sid, long Connection, QuorumPacket Packet) : CoreInput;

    public sealed record QuorumClosed(long Sid, long Connection) : CoreInput;

    /// <summary>Everything the log thread was given up to durability barrier <paramref name="Barrier"/> is on disk.</summary>
    public sealed record Durable(long Barrier) : CoreInput;

    /// <summary>Runs on the core thread with consistent views of the tree, sessions and watches (four-letter words, admin, metrics).</summary>
    public sealed record Run(Action Action) : CoreInput;
}
