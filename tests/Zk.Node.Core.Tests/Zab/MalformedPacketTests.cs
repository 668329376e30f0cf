using Zk.Node.Protocol.Peer;
using static Zk.Node.Core.Tests.Zab.ZabTestKit;

namespace Zk.Node.Core.Tests.Zab;

/// <summary>Malformed packets from the leader must not crash a learner (found while fuzzing packet data, tests/Zk.Node.Fuzz).</summary>
public sealed class MalformedPacketTests
{
    [Fact]
    public void Informandactivate_shorter_than_its_designated_leader_id_is_ignored_instead_of_crashing_the_learner()
    {
        var follower = ServingFollower(myId: 2, sessionId: 0x1234);

        // 7 bytes of data where INFORMANDACTIVATE needs an 8-byte leader id before the txn: Data[8..] used to throw
        // ArgumentOutOfRangeException on the core thread.
        follower.Receive(1, new QuorumPacket(PacketType.InformAndActivate, 0x100000002, [0, 0, 0, 0, 0, 0, 1]));

        Assert.True(follower.Peer.IsServing);
        Assert.Equal(0x100000001, follower.Peer.Log.LastLogged);
    }

    [Fact]
    public void A_proposal_that_is_not_a_txn_makes_the_learner_leave_the_leader_instead_of_logging_it()
    {
        var follower = ServingFollower(myId: 2, sessionId: 0x1234);

        // A txn header (clientId, cxid, zxid, time, type=setData) whose body is missing: it used to be logged and
        // acknowledged, and its COMMIT then threw JuteException on the core thread.
        byte[] headerOnly = Convert.FromHexString("0000000000001234" + "00000001" + "0000000100000002" + "0000000000000000" + "00000005");
        follower.Receive(1, new QuorumPacket(PacketType.Proposal, 0x100000002, headerOnly));
        follower.Persisted(0x100000002);
        follower.Receive(1, new QuorumPacket(PacketType.Commit, 0x100000002));

        Assert.Equal(ServerState.Looking, follower.Peer.State);
        Assert.Equal(0x100000001, follower.Peer.Log.LastLogged);
    }
}
