using System.Buffers;
using System.Text;
using Zk.Node.Core.Peer;
using Zk.Node.Core.Server;
using Zk.Node.Core.Zab;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Protocol.Txn;
using static Zk.Node.Core.Tests.Zab.ZabTestKit;

namespace Zk.Node.Core.Tests.Zab;

/// <summary>
/// A reconfig that removes the leader names the next one (getDesignatedLeader) in COMMITANDACTIVATE, and every member
/// goes to it without an election round.
/// </summary>
public sealed class ReconfigHandOverTests
{
    private const long SessionId = 0x42;
    private const long ReconfigZxid = 0x100000002;
    private static readonly ConnectionId Client = new(1);

    [Fact]
    public void A_leader_removed_by_reconfig_designates_the_new_voter_that_acknowledged_the_most_and_follows_it()
    {
        var leader = EstablishedLeader([2, 3], reconfigEnabled: true);
        leader.Peer.Connect(Client, Encode(w => new ConnectRequest(0, 0, 4000, 0, new byte[16], false).Write(w)), "10.0.0.1:1", leader.NowMs);
        long session = Assert.Single(leader.Peer.TakeReady().Persist).Zxid;
        leader.Persisted(session);
        leader.Receive(2, new QuorumPacket(PacketType.Ack, session));
        leader.Peer.Receive(Client, Encode(w =>
        {
            new RequestHeader(1, OpCode.Auth).Write(w);
            new AuthPacket(0, "digest", Encoding.UTF8.GetBytes(SuperPassword)).Write(w);
        }), leader.NowMs);
        leader.Peer.TakeReady();

        // Remove the leader, then one more write; member 2 acknowledges both, member 3 only the reconfig.
        leader.Peer.Receive(Client, Encode(w =>
        {
            new RequestHeader(2, OpCode.Reconfig).Write(w);
            new ReconfigRequest(null, "1", null, -1).Write(w);
        }), leader.NowMs);
        long reconfig = Assert.Single(leader.Peer.TakeReady().Persist).Zxid;
        leader.Peer.Receive(Client, Encode(w =>
        {
            new RequestHeader(3, OpCode.Create).Write(w);
            new CreateRequest("/after", [], Protocol.Data.Acl.OpenAclUnsafe, 0).Write(w);
        }), leader.NowMs);
        long after = Assert.Single(leader.Peer.TakeReady().Persist).Zxid;
        leader.Persisted(after);
        leader.Receive(2, new QuorumPacket(PacketType.Ack, reconfig));
        leader.Receive(2, new QuorumPacket(PacketType.Ack, after));

        var committed = leader.Receive(3, new QuorumPacket(PacketType.Ack, reconfig));

        foreach (long sid in new long[] { 2, 3 })
        {
            var commit = Assert.Single(committed.Quorum, q => q.Sid == sid && q.Packet?.PacketType == PacketType.CommitAndActivate).Packet!.Value;
            Assert.Equal(reconfig, commit.Zxid);
            Assert.Equal(2, ZabPackets.DesignatedLeaderOf(commit.Data));
        }

        Assert.DoesNotContain(committed.Quorum, q => q.Packet is { PacketType: PacketType.Commit } p && p.Zxid == after);
        Assert.Equal([2L, 3], leader.Peer.Config.Voters.Order());
        Assert.Equal(ServerState.Following, leader.Peer.State);
        Assert.Equal(2, leader.Peer.LeaderId);
        Assert.Equal(ZabPhase.Discovery, leader.Peer.Phase);
        Assert.Empty(committed.Election);
        Assert.Contains(committed.Quorum, q => q.Sid == 2 && q.Packet?.PacketType == PacketType.FollowerInfo);
    }

    [Theory]
    [InlineData(3, ServerState.Following)]
    [InlineData(2, ServerState.Leading)]
    public void A_follower_told_of_a_designated_leader_goes_to_it_without_an_election(long myId, ServerState expected)
    {
        var follower = ServingFollower(myId, SessionId);
        follower.Receive(1, new QuorumPacket(PacketType.Proposal, ReconfigZxid, ReconfigTxn("1")));
        follower.Persisted(ReconfigZxid);

        var handedOver = follower.Receive(1, new QuorumPacket(PacketType.CommitAndActivate, ReconfigZxid, ZabPackets.Long(2)));

        Assert.Equal(ReconfigZxid, follower.Peer.Config.Version);
        Assert.Equal([2L, 3], follower.Peer.Config.Voters.Order());
        Assert.Equal(expected, follower.Peer.State);
        Assert.Equal(2, follower.Peer.LeaderId);
        Assert.Equal(ZabPhase.Discovery, follower.Peer.Phase);
        Assert.Empty(handedOver.Election);
        Assert.Contains(handedOver.Quorum, q => q.Sid == 1 && q.Packet is null);
        if (expected == ServerState.Following)
        {
            Assert.Contains(handedOver.Quorum, q => q.Sid == 2 && q.Packet?.PacketType == PacketType.FollowerInfo);
        }
    }

    [Fact]
    public void A_commit_and_activate_naming_the_current_leader_changes_nothing_but_the_configuration()
    {
        var follower = ServingFollower(2, SessionId);
        follower.Receive(1, new QuorumPacket(PacketType.Proposal, ReconfigZxid, ReconfigTxn("3")));
        follower.Persisted(ReconfigZxid);

        follower.Receive(1, new QuorumPacket(PacketType.CommitAndActivate, ReconfigZxid, ZabPackets.Long(1)));

        Assert.Equal([1L, 2], follower.Peer.Config.Voters.Order());
        Assert.Equal(ServerState.Following, follower.Peer.State);
        Assert.Equal(1, follower.Peer.LeaderId);
        Assert.True(follower.Peer.IsServing);
    }

    /// <summary>The reconfig txn the leader logs for removing server <paramref name="leaving"/>: setData of /zookeeper/config.</summary>
    private static byte[] ReconfigTxn(string leaving)
    {
        string text = string.Join('\n', Config.Format().Split('\n')
            .Where(l => !l.StartsWith($"server.{leaving}=", StringComparison.Ordinal) && !l.StartsWith("version=", StringComparison.Ordinal)));
        var buffer = new ArrayBufferWriter<byte>();
        TxnCodec.Write(new JuteWriter(buffer), new TxnHeader(0x42, 1, ReconfigZxid, 0, (int)OpCode.Reconfig), new SetDataTxn("/zookeeper/config", Encoding.UTF8.GetBytes(text), 1));
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Encode(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
