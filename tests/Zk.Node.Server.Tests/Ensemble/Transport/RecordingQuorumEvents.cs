using System.Collections.Concurrent;
using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Peer;
using Zk.Node.Server.Quorum;

namespace Zk.Node.Server.Tests.Ensemble.Transport;

/// <summary>Records every event a quorum transport reports, as text lines in arrival order, plus the packets.</summary>
internal sealed class RecordingQuorumEvents : IQuorumTransportEvents
{
    private readonly ConcurrentQueue<string> _events = new();

    public Inbox<QuorumPacket> Packets { get; } = new();

    public IReadOnlyList<string> Events => [.. _events];

    public void LearnerConnected(long sid, long connection, LearnerRole role) => _events.Enqueue($"learner {sid} {role}");

    public void LeaderConnected(long leaderSid, long connection) => _events.Enqueue($"leader {leaderSid}");

    public void LeaderUnreachable(long leaderSid) => _events.Enqueue($"unreachable {leaderSid}");

    public void Received(long sid, long connection, QuorumPacket packet)
    {
        Packets.Add(sid, packet);
        _events.Enqueue($"packet {sid} {packet.PacketType}");
    }

    public void Disconnected(long sid, long connection) => _events.Enqueue($"disconnected {sid}");
}
