using Zk.Node.Core.Peer;
using Zk.Node.Protocol.Peer;
using static Zk.Node.Core.Tests.Zab.ZabTestKit;

namespace Zk.Node.Core.Tests.Zab;

/// <summary>The leader's choice of DIFF, TRUNC or SNAP for a learner, from the learner's last zxid (ACKEPOCH).</summary>
public sealed class SynchronizationTests
{
    // Leader 1 logged (1,1) (1,2) (1,3) (2,1) (2,2); currentEpoch 2. The new epoch is 3.
    private static readonly long[] LeaderLog = [0x100000001, 0x100000002, 0x100000003, 0x200000001, 0x200000002];

    public static TheoryData<long, int, string[]> Decisions => new()
    {
        // Same history: an empty DIFF (committed through our last txn), then NEWLEADER.
        { 0x200000002, 2, ["Diff 200000002", "Commit 200000002", "NewLeader 300000000"] },

        // Behind inside our log: the missing txns, each proposed and committed, in zxid order.
        { 0x100000003, 1, ["Diff 200000002", "Proposal 200000001", "Commit 200000001", "Proposal 200000002", "Commit 200000002", "Commit 200000002", "NewLeader 300000000"] },

        // A tail of epoch 1 we never logged: cut back to our last txn of epoch 1, then everything after it.
        { 0x100000005, 1, ["Trunc 100000003", "Proposal 200000001", "Commit 200000001", "Proposal 200000002", "Commit 200000002", "Commit 200000002", "NewLeader 300000000"] },

        // An empty learner: all of our history.
        { 0, 0, ["Diff 200000002", "Proposal 100000001", "Commit 100000001", "Proposal 100000002", "Commit 100000002", "Proposal 100000003", "Commit 100000003", "Proposal 200000001", "Commit 200000001", "Proposal 200000002", "Commit 200000002", "Commit 200000002", "NewLeader 300000000"] },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void The_leader_sends_the_learner_exactly_what_its_log_lacks(long learnerZxid, int learnerEpoch, string[] expected)
    {
        var leader = EstablishingLeader();

        var ready = leader.Receive(2, AckEpoch(learnerZxid, learnerEpoch));

        Assert.Equal(expected, To(ready, 2));
    }

    [Fact]
    public void A_learner_older_than_the_committed_window_gets_a_snapshot()
    {
        var leader = EstablishingLeader(committedLogCount: 2);
        leader.Receive(3, FollowerInfo(3, 2));
        leader.Receive(3, AckEpoch(0x200000002, 2));
        var established = leader.Receive(3, new QuorumPacket(PacketType.Ack, 0x300000000));
        Assert.True(leader.Peer.IsServing, string.Join(",", To(established, 3)));

        var ready = leader.Receive(2, AckEpoch(0x100000001, 1));

        var sent = To(ready, 2);
        Assert.Equal("Snap 200000002", sent[0]);
        Assert.Equal("NewLeader 300000000", sent[^1]);
    }

    [Fact]
    public void A_follower_with_a_later_current_epoch_makes_the_leader_step_down()
    {
        var leader = EstablishingLeader();

        leader.Receive(2, AckEpoch(0x200000001, 3));

        Assert.Equal(ServerState.Looking, leader.Peer.State);
    }

    [Fact]
    public void A_follower_with_a_longer_log_of_the_same_epoch_makes_the_leader_step_down()
    {
        var leader = EstablishingLeader();

        leader.Receive(2, AckEpoch(0x200000003, 2));

        Assert.Equal(ServerState.Looking, leader.Peer.State);
    }

    /// <summary>Member 1 elected leader; member 2 connected and was told epoch 3 (the leader's ACKEPOCH quorum is member 2's answer).</summary>
    private static ZabTestKit EstablishingLeader(int committedLogCount = 500)
    {
        var leader = Member(1, LeaderLog, new PeerEpochs(2, 2), committedLogCount);
        leader.Elect(1, LeaderLog[^1], 2);
        Assert.Equal(ServerState.Leading, leader.Peer.State);
        var info = leader.Receive(2, FollowerInfo(2, 1));
        Assert.Equal(["LeaderInfo 300000000"], To(info, 2));
        return leader;
    }
}
