using Zk.Node.Core.Peer;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Peer;
using static Zk.Node.Core.Tests.Zab.ZabTestKit;

namespace Zk.Node.Core.Tests.Zab;

/// <summary>Broadcast: a proposal commits once a quorum (the leader only after its own fsync) holds it, in zxid order.</summary>
public sealed class CommitTests
{
    [Fact]
    public void A_follower_ack_alone_does_not_commit_before_the_leaders_own_fsync()
    {
        var leader = EstablishedLeader();
        long first = Propose(leader);

        var acked = leader.Receive(2, new QuorumPacket(PacketType.Ack, first));
        Assert.DoesNotContain($"Commit {first:x}", To(acked, 2));

        var durable = leader.Persisted(first);
        Assert.Contains($"Commit {first:x}", To(durable, 2));
    }

    [Fact]
    public void The_leaders_fsync_alone_is_not_a_quorum_of_three()
    {
        var leader = EstablishedLeader();
        long first = Propose(leader);

        var durable = leader.Persisted(first);

        Assert.DoesNotContain(durable.Quorum, q => q.Packet?.PacketType == PacketType.Commit);
        Assert.True(leader.Peer.LastZxid < first);
    }

    [Fact]
    public void An_ack_of_a_later_proposal_commits_every_earlier_one_in_zxid_order()
    {
        var leader = EstablishedLeader();
        long first = Propose(leader);
        long second = Propose(leader, connection: 2);
        leader.Persisted(second);

        var acked = leader.Receive(2, new QuorumPacket(PacketType.Ack, second));

        Assert.Equal([$"Commit {first:x}", $"Commit {second:x}"], To(acked, 2));
        Assert.Equal(second, leader.Peer.LastZxid);
    }

    /// <summary>Leader 1 of epoch 2 with follower 2 synced (empty logs); member 3 is down.</summary>
    private static ZabTestKit EstablishedLeader()
    {
        var leader = Member(1, [], new PeerEpochs(1, 1));
        leader.Elect(1, 0, 1);
        leader.Receive(2, FollowerInfo(2, 1));
        leader.Receive(2, AckEpoch(0, 1));
        leader.Receive(2, new QuorumPacket(PacketType.Ack, 0x200000000));
        Assert.True(leader.Peer.IsServing);
        return leader;
    }

    /// <summary>A client connects to the leader: its createSession txn is proposed; returns the zxid.</summary>
    private static long Propose(ZabTestKit leader, long connection = 1)
    {
        var payload = new System.Buffers.ArrayBufferWriter<byte>();
        new Protocol.Client.ConnectRequest(0, 0, 4000, 0, new byte[16], false).Write(new Protocol.Jute.JuteWriter(payload));
        leader.Peer.Connect(new ConnectionId(connection), payload.WrittenSpan, "10.0.0.1:1", leader.NowMs);
        var ready = leader.Peer.TakeReady();
        var proposal = Assert.Single(ready.Quorum, q => q.Sid == 2 && q.Packet?.PacketType == PacketType.Proposal);
        Assert.Equal([proposal.Packet!.Value.Zxid], ready.Persist.Select(p => p.Zxid));
        return proposal.Packet.Value.Zxid;
    }
}
