using System.Buffers;
using System.Text;
using Zk.Node.Core.Peer;
using Zk.Node.Core.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using static Zk.Node.Core.Tests.Zab.ZabTestKit;

namespace Zk.Node.Core.Tests.Zab;

/// <summary>reconfig (16) on an established leader of three voters with follower 2 synced and member 3 down.</summary>
public sealed class ReconfigTests
{
    private static readonly ConnectionId Client = new(1);

    [Fact]
    public void Removing_a_voter_commits_with_both_quorums_activates_everywhere_and_answers_with_the_new_config()
    {
        var leader = EstablishedLeader(reconfigEnabled: true);
        Open(leader, super: true);

        var proposed = Send(leader, Reconfig(null, "3", null), commit: false);
        var proposal = Assert.Single(proposed.Quorum, q => q.Packet?.PacketType == PacketType.Proposal).Packet!.Value;
        leader.Persisted(proposal.Zxid);
        var committed = leader.Receive(2, new QuorumPacket(PacketType.Ack, proposal.Zxid));

        Assert.Equal([$"CommitAndActivate {proposal.Zxid:x}"], To(committed, 2));
        var config = committed.ConfigChanged;
        Assert.NotNull(config);
        Assert.Equal(proposal.Zxid, config.Version);
        Assert.Equal([1L, 2], config.Voters.Order());
        Assert.Same(config, leader.Peer.Config);
        var (header, body) = ReplyTo(committed);
        Assert.Equal(KeeperErrorCode.Ok, header.Err);
        Assert.Equal(config.Format(), Encoding.UTF8.GetString(body.Data!));
        Assert.Equal(proposal.Zxid, body.Stat.Mzxid);
        Assert.True(leader.Peer.Tree.TryGetNode("/zookeeper/config", out var node));
        Assert.Equal(config.Format(), Encoding.UTF8.GetString(node.Data!));
    }

    [Theory]
    [InlineData(true, KeeperErrorCode.BadArguments)]
    [InlineData(false, KeeperErrorCode.Ok)]
    public void Shrinking_to_one_voter_needs_standalone_disabled(bool standaloneEnabled, KeeperErrorCode expected)
    {
        var leader = EstablishedLeader(reconfigEnabled: true, standaloneEnabled: standaloneEnabled);
        Open(leader, super: true);

        var reply = Send(leader, Reconfig(null, "2,3", null));

        Assert.Equal(expected, ErrorOf(reply));
        Assert.Equal(standaloneEnabled ? [1L, 2, 3] : [1L], leader.Peer.Config.Voters.Order());
    }

    [Fact]
    public void A_second_reconfig_while_one_is_uncommitted_is_refused_as_in_progress()
    {
        var leader = EstablishedLeader(reconfigEnabled: true);
        Open(leader, super: true);
        var first = Send(leader, Reconfig(null, "3", null), commit: false);
        Assert.Empty(first.ClientSends);

        var second = Send(leader, Reconfig(null, "1", null));

        Assert.Equal(KeeperErrorCode.ReconfigInProgress, ErrorOf(second));
    }

    [Fact]
    public void A_new_configuration_without_a_synced_quorum_is_refused()
    {
        var leader = EstablishedLeader(reconfigEnabled: true);
        Open(leader, super: true);

        // Voters 1..5 need three synced; only the leader and member 2 are.
        var ready = Send(leader, Reconfig("server.4=zk-4:2888:3888:participant;2181,server.5=zk-5:2888:3888:participant;2181", null, null));

        Assert.Equal(KeeperErrorCode.NewConfigNoQuorum, ErrorOf(ready));
    }

    [Fact]
    public void A_stale_expected_version_is_a_bad_version()
    {
        var leader = EstablishedLeader(reconfigEnabled: true);
        Open(leader, super: true);

        var ready = Send(leader, Reconfig(null, "3", null, curConfigId: 0x1234));

        Assert.Equal(KeeperErrorCode.BadVersion, ErrorOf(ready));
    }

    [Fact]
    public void Reconfig_needs_write_permission_on_the_config_node()
    {
        var leader = EstablishedLeader(reconfigEnabled: true);
        Open(leader, super: false);

        var ready = Send(leader, Reconfig(null, "3", null));

        Assert.Equal(KeeperErrorCode.NoAuth, ErrorOf(ready));
    }

    [Fact]
    public void Without_write_permission_a_stale_version_is_still_a_bad_version_as_ZooKeeper_checks_it_first()
    {
        var leader = EstablishedLeader(reconfigEnabled: true);
        Open(leader, super: false);

        var ready = Send(leader, Reconfig(null, "3", null, curConfigId: 0x1234));

        Assert.Equal(KeeperErrorCode.BadVersion, ErrorOf(ready));
    }

    [Fact]
    public void Without_write_permission_bad_arguments_are_reported_before_the_missing_permission()
    {
        var leader = EstablishedLeader(reconfigEnabled: true);
        Open(leader, super: false);

        var ready = Send(leader, Reconfig(null, "2,3", null));

        Assert.Equal(KeeperErrorCode.BadArguments, ErrorOf(ready));
    }

    [Fact]
    public void A_reconfig_refused_for_permission_leaves_no_reconfig_in_progress()
    {
        var leader = EstablishedLeader(reconfigEnabled: true);
        Open(leader, super: false);
        Assert.Equal(KeeperErrorCode.NoAuth, ErrorOf(Send(leader, Reconfig(null, "3", null))));

        Send(leader, Encode(w =>
        {
            new RequestHeader(-4, OpCode.Auth).Write(w);
            new AuthPacket(0, "digest", Encoding.UTF8.GetBytes(SuperPassword)).Write(w);
        }));
        var ready = Send(leader, Reconfig(null, "3", null));

        Assert.Equal(KeeperErrorCode.Ok, ErrorOf(ready));
        Assert.Equal([1L, 2], leader.Peer.Config.Voters.Order());
    }

    [Fact]
    public void Reconfig_is_disabled_unless_enabled()
    {
        var leader = EstablishedLeader(reconfigEnabled: false);
        Open(leader, super: true);

        var ready = Send(leader, Reconfig(null, "3", null));

        Assert.Equal(KeeperErrorCode.ReconfigDisabled, ErrorOf(ready));
    }

    [Fact]
    public void The_ensembles_first_leader_versions_an_unversioned_configuration_with_its_newleader_zxid()
    {
        var unversioned = Config.WithVersion(0);
        Assert.Equal(0, unversioned.Version);
        var leader = EstablishedLeader(reconfigEnabled: false);

        Assert.Equal(0x100000000, leader.Peer.Config.Version);
        Assert.True(leader.Peer.Tree.TryGetNode("/zookeeper/config", out var node));
        Assert.EndsWith("version=100000000", Encoding.UTF8.GetString(node.Data!), StringComparison.Ordinal);
        Assert.Equal(0x100000000, node.Mzxid);
    }

    [Theory]
    [InlineData(false, KeeperErrorCode.ReconfigDisabled)]
    [InlineData(true, KeeperErrorCode.Unimplemented)]
    public void A_standalone_server_refuses_reconfig(bool enabled, KeeperErrorCode expected)
    {
        var core = new ServerCore(new CoreOptions { ReconfigEnabled = enabled }, 0);
        core.Connect(Client, ConnectPayload(), "10.0.0.1:1", 0);
        core.Persisted(long.MaxValue);
        core.TakeReady();

        core.Receive(Client, Reconfig(null, "3", null), 0);
        core.Persisted(long.MaxValue);

        var frame = Assert.Single(core.TakeReady().Send);
        var reader = new JuteReader(frame.Payload, int.MaxValue);
        Assert.Equal(expected, ReplyHeader.Read(ref reader).Err);
    }

    /// <summary>Leader 1 of epoch 1 (first NEWLEADER, so config version 0x100000000) with follower 2 synced.</summary>
    private static ZabTestKit EstablishedLeader(bool reconfigEnabled, bool standaloneEnabled = true) =>
        ZabTestKit.EstablishedLeader([2], reconfigEnabled, standaloneEnabled);

    private static void Open(ZabTestKit leader, bool super)
    {
        leader.Peer.Connect(Client, ConnectPayload(), "10.0.0.1:1", leader.NowMs);
        var session = leader.Peer.TakeReady().Persist.Single().Zxid;
        leader.Persisted(session);
        leader.Receive(2, new QuorumPacket(PacketType.Ack, session));
        if (super)
        {
            Send(leader, Encode(w =>
            {
                new RequestHeader(-4, OpCode.Auth).Write(w);
                new AuthPacket(0, "digest", Encoding.UTF8.GetBytes(SuperPassword)).Write(w);
            }));
        }
    }

    /// <summary>Sends a frame; unless <paramref name="commit"/> is false its txns are made durable and acknowledged by member 2.</summary>
    private static PeerReady Send(ZabTestKit leader, byte[] frame, bool commit = true)
    {
        leader.Peer.Receive(Client, frame, leader.NowMs);
        var ready = leader.Peer.TakeReady();
        foreach (var txn in commit ? ready.Persist : [])
        {
            leader.Persisted(txn.Zxid);
            var acked = leader.Receive(2, new QuorumPacket(PacketType.Ack, txn.Zxid));
            if (ready.ClientSends.Count == 0)
            {
                // Error txns commit like any other; their reply comes with the commit.
                ready.ClientSends.AddRange(acked.ClientSends);
            }
        }

        return ready;
    }

    private static KeeperErrorCode ErrorOf(PeerReady ready)
    {
        var frame = ready.ClientSends.Last();
        var reader = new JuteReader(frame.Payload, int.MaxValue);
        return ReplyHeader.Read(ref reader).Err;
    }

    private static (ReplyHeader Header, GetDataResponse Body) ReplyTo(PeerReady ready)
    {
        var frame = Assert.Single(ready.ClientSends);
        var reader = new JuteReader(frame.Payload, int.MaxValue);
        var header = ReplyHeader.Read(ref reader);
        return (header, GetDataResponse.Read(ref reader));
    }

    private static byte[] Reconfig(string? joining, string? leaving, string? members, long curConfigId = -1) => Encode(w =>
    {
        new RequestHeader(9, OpCode.Reconfig).Write(w);
        new ReconfigRequest(joining, leaving, members, curConfigId).Write(w);
    });

    private static byte[] ConnectPayload() => Encode(w => new ConnectRequest(0, 0, 4000, 0, new byte[16], false).Write(w));

    private static byte[] Encode(Action<JuteWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        write(new JuteWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
