using Zk.Node.Core.Peer;
using Zk.Node.Core.Zab;
using Zk.Node.Protocol.Peer;
using static Zk.Node.Core.Tests.Zab.ZabTestKit;

namespace Zk.Node.Core.Tests.Zab;

/// <summary>A follower's epoch files: acceptedEpoch before ACKEPOCH, currentEpoch only with the log behind it, before the NEWLEADER ack.</summary>
public sealed class EpochTests
{
    [Fact]
    public void Leaderinfo_writes_the_accepted_epoch_in_the_batch_that_acknowledges_it()
    {
        var follower = Following();

        var ready = follower.Receive(1, new QuorumPacket(PacketType.LeaderInfo, 0x300000000, ZabPackets.Int(ZabPackets.ProtocolVersion)));

        Assert.Equal(new PeerEpochs(2, 3), ready.Epochs);
        Assert.Equal(["AckEpoch 200000001"], To(ready, 1));
        Assert.Equal(2, ZabPackets.ReadInt(ready.Quorum[0].Packet!.Value.Data));
    }

    [Fact]
    public void A_repeated_epoch_is_acknowledged_with_minus_one()
    {
        var follower = Following(new PeerEpochs(2, 3));

        var ready = follower.Receive(1, new QuorumPacket(PacketType.LeaderInfo, 0x300000000, ZabPackets.Int(ZabPackets.ProtocolVersion)));

        Assert.Null(ready.Epochs);
        Assert.Equal(-1, ZabPackets.ReadInt(ready.Quorum.Single().Packet!.Value.Data));
    }

    [Fact]
    public void An_older_epoch_than_the_accepted_one_sends_the_follower_back_to_election()
    {
        var follower = Following(new PeerEpochs(2, 4));

        follower.Receive(1, new QuorumPacket(PacketType.LeaderInfo, 0x300000000, ZabPackets.Int(ZabPackets.ProtocolVersion)));

        Assert.Equal(ServerState.Looking, follower.Peer.State);
    }

    [Fact]
    public void The_new_current_epoch_waits_until_the_synchronized_txns_are_durable_and_precedes_the_newleader_ack()
    {
        var follower = Following();
        follower.Receive(1, new QuorumPacket(PacketType.LeaderInfo, 0x300000000, ZabPackets.Int(ZabPackets.ProtocolVersion)));
        follower.Receive(1, new QuorumPacket(PacketType.Diff, 0x200000002));
        var proposal = follower.Receive(1, new QuorumPacket(PacketType.Proposal, 0x200000002, Txn(0x200000002)));
        Assert.Equal([0x200000002L], proposal.Persist.Select(p => p.Zxid));

        var newLeader = follower.Receive(1, new QuorumPacket(PacketType.NewLeader, 0x300000000, Config.FormatBytes().ToArray()));

        // Not durable yet: a crash now must come back with the old currentEpoch, so no write and no ack.
        Assert.True(newLeader.Epochs is null || newLeader.Epochs.Value.CurrentEpoch == 2);
        Assert.Empty(To(newLeader, 1));
        Assert.Equal(3, follower.Peer.Epochs.CurrentEpoch);

        var durable = follower.Persisted(0x200000002);

        Assert.Equal(new PeerEpochs(3, 3), durable.Epochs);
        Assert.Equal(["Ack 300000000"], To(durable, 1));
    }

    [Fact]
    public void Proposals_are_acknowledged_after_the_newleader_ack_and_their_own_fsync()
    {
        var follower = Following();
        follower.Receive(1, new QuorumPacket(PacketType.LeaderInfo, 0x300000000, ZabPackets.Int(ZabPackets.ProtocolVersion)));
        follower.Receive(1, new QuorumPacket(PacketType.Diff, 0x200000001));
        var newLeader = follower.Receive(1, new QuorumPacket(PacketType.NewLeader, 0x300000000, Config.FormatBytes().ToArray()));
        var proposal = follower.Receive(1, new QuorumPacket(PacketType.Proposal, 0x300000001, Txn(0x300000001)));
        var ready = follower.Persisted(0x300000001);

        // The log was durable already: epoch and NEWLEADER ack at once; the proposal's ack waits for its fsync.
        Assert.Equal(new PeerEpochs(3, 3), newLeader.Epochs);
        Assert.Equal(["Ack 300000000"], To(newLeader, 1));
        Assert.Empty(To(proposal, 1));
        Assert.Equal(["Ack 300000001"], To(ready, 1));
    }

    [Fact]
    public void A_follower_that_already_accepted_the_established_epoch_rejoins_without_unseating_the_leader()
    {
        // Leader 1 of epoch 1 with follower 2; member 3 had followed it in this epoch and restarts.
        var leader = EstablishedLeader([2]);

        var info = leader.Receive(3, FollowerInfo(3, 1));
        var synced = leader.Receive(3, AckEpoch(0, -1));

        Assert.Equal(ServerState.Leading, leader.Peer.State);
        Assert.Equal(["LeaderInfo 100000000"], To(info, 3));
        Assert.Contains("NewLeader 100000000", To(synced, 3));
    }

    [Fact]
    public void A_learner_that_accepted_a_later_epoch_than_ours_makes_the_leader_step_down()
    {
        var leader = EstablishedLeader([2]);

        leader.Receive(3, FollowerInfo(3, 2));

        Assert.Equal(ServerState.Looking, leader.Peer.State);
    }

    /// <summary>Member 2 (log up to (2,1), epochs 2/2 unless given) follows member 1 and has sent FOLLOWERINFO.</summary>
    private static ZabTestKit Following(PeerEpochs? epochs = null)
    {
        var follower = Member(2, [0x100000001, 0x200000001], epochs ?? new PeerEpochs(2, 2));
        var ready = follower.Elect(1, 0x200000005, 2);
        Assert.Equal(ServerState.Following, follower.Peer.State);
        Assert.Equal(["FollowerInfo " + ((epochs?.AcceptedEpoch ?? 2) << 32).ToString("x", System.Globalization.CultureInfo.InvariantCulture)], To(ready, 1));
        return follower;
    }
}
