using System.Buffers;
using Zk.Node.Core.Peer;
using Zk.Node.Core.Quorum;
using Zk.Node.Core.Tests.Election;
using Zk.Node.Core.Zab;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Protocol.Txn;

namespace Zk.Node.Core.Tests.Zab;

/// <summary>Drives one <see cref="QuorumPeer"/> through election into a role, playing the other members by hand.</summary>
internal sealed class ZabTestKit
{
    public const long StepMs = 10;

    public const string SuperPassword = "super:test";

    /// <summary>The password of the session <see cref="ServingFollower"/> creates (carried in its createSession txn).</summary>
    public static readonly byte[] SessionPassword = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];

    private ZabTestKit(QuorumPeer peer) => Peer = peer;

    public QuorumPeer Peer { get; }

    public long NowMs { get; private set; }

    public static QuorumConfig Config => ElectionTestKit.Config(voters: 3, version: 0);

    /// <summary>A txn record (a create of a node named after its zxid).</summary>
    public static byte[] Txn(long zxid)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        TxnCodec.Write(
            new JuteWriter(buffer),
            new TxnHeader(0, 0, zxid, 0, (int)Protocol.Client.OpCode.Create),
            new CreateTxn($"/n{zxid:x}", [], Acl.OpenAclUnsafe, false, 0));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Member <paramref name="myId"/> with a durable log of <paramref name="log"/> (replayed, not applied).</summary>
    public static ZabTestKit Member(
        long myId, IEnumerable<long> log, PeerEpochs epochs, int committedLogCount = 500, bool reconfigEnabled = false, bool readOnlyMode = false, bool standaloneEnabled = true)
    {
        var options = new QuorumPeerOptions
        {
            MyId = myId,
            Core = new Zk.Node.Core.Server.CoreOptions { TickTimeMs = 100, SuperDigest = Zk.Node.Core.Acls.DigestAuth.Digest(SuperPassword) },
            ReconfigEnabled = reconfigEnabled,
            StandaloneEnabled = standaloneEnabled,
            ReadOnlyModeEnabled = readOnlyMode,
            ElectionTickMs = (int)StepMs,
            Election = ElectionTestKit.Options,
            CommittedLogCount = committedLogCount,
        };
        var peer = new QuorumPeer(options, Config, epochs, 0);
        foreach (long zxid in log)
        {
            peer.ReplayTxn(Txn(zxid));
        }

        peer.Start(0);
        peer.TakeReady();
        return new ZabTestKit(peer);
    }

    /// <summary>Leader 1 of epoch 1 (empty logs, first NEWLEADER) with <paramref name="followers"/> synced, serving.</summary>
    public static ZabTestKit EstablishedLeader(long[] followers, bool reconfigEnabled = false, bool standaloneEnabled = true)
    {
        var leader = Member(1, [], new PeerEpochs(0, 0), reconfigEnabled: reconfigEnabled, standaloneEnabled: standaloneEnabled);
        leader.Elect(1, 0, 0);
        foreach (long sid in followers)
        {
            leader.Receive(sid, FollowerInfo(sid, 0));
            leader.Receive(sid, AckEpoch(0, 0));
            leader.Receive(sid, new QuorumPacket(PacketType.Ack, 0x100000000));
        }

        Assert.True(leader.Peer.IsServing);
        return leader;
    }

    /// <summary>
    /// Member <paramref name="myId"/> follows member 1 of epoch 1, serving, and has applied the createSession txn
    /// 0x100000001 for <paramref name="sessionId"/>.
    /// </summary>
    public static ZabTestKit ServingFollower(long myId, long sessionId)
    {
        var follower = Member(myId, [], new PeerEpochs(0, 0));
        follower.Elect(1, 0x100000001, 0);
        follower.Receive(1, new QuorumPacket(PacketType.LeaderInfo, 0x100000000, ZabPackets.Int(ZabPackets.ProtocolVersion)));
        follower.Receive(1, new QuorumPacket(PacketType.Diff, 0));
        follower.Receive(1, new QuorumPacket(PacketType.NewLeader, 0x100000000, Config.WithVersion(0x100000000).FormatBytes().ToArray()));
        follower.Receive(1, new QuorumPacket(PacketType.UpToDate, 0));
        Assert.True(follower.Peer.IsServing);

        var buffer = new ArrayBufferWriter<byte>();
        TxnCodec.Write(new JuteWriter(buffer), new TxnHeader(sessionId, 0, 0x100000001, 0, (int)Protocol.Client.OpCode.CreateSession), new CreateSessionTxn(4000, SessionPassword));
        follower.Receive(1, new QuorumPacket(PacketType.Proposal, 0x100000001, buffer.WrittenSpan.ToArray()));
        follower.Persisted(0x100000001);
        follower.Receive(1, new QuorumPacket(PacketType.Commit, 0x100000001));
        Assert.True(follower.Peer.Sessions.TryGet(sessionId, out _));
        return follower;
    }

    /// <summary>The other two voters vote for <paramref name="leader"/>; ticks until the election decides.</summary>
    public PeerReady Elect(long leader, long leaderZxid, long leaderEpoch)
    {
        foreach (long sid in new long[] { 1, 2, 3 }.Where(s => s != Peer.MyId))
        {
            Peer.ReceiveElection(sid, new Notification(ServerState.Looking, leader, leaderZxid, 1, leaderEpoch, Config.FormatBytes().ToArray()), NowMs);
        }

        var ready = Peer.TakeReady();
        for (int i = 0; i < 100 && Peer.State == ServerState.Looking; i++)
        {
            NowMs += StepMs;
            Peer.Tick(NowMs);
            ready = Peer.TakeReady();
        }

        Assert.NotEqual(ServerState.Looking, Peer.State);
        return ready;
    }

    /// <summary>Lets simulated time pass in election-tick steps.</summary>
    public PeerReady Wait(long ms)
    {
        var ready = new PeerReady();
        for (long end = NowMs + ms; NowMs < end;)
        {
            NowMs += StepMs;
            Peer.Tick(NowMs);
            ready = Peer.TakeReady();
        }

        return ready;
    }

    public PeerReady Receive(long from, QuorumPacket packet)
    {
        Peer.ReceiveQuorum(from, packet, NowMs);
        return Peer.TakeReady();
    }

    public PeerReady Persisted(long zxid)
    {
        Peer.Persisted(zxid);
        return Peer.TakeReady();
    }

    public static QuorumPacket FollowerInfo(long sid, long acceptedEpoch) =>
        new(PacketType.FollowerInfo, acceptedEpoch << 32, ZabPackets.LearnerInfoData(sid, 0));

    public static QuorumPacket AckEpoch(long lastZxid, int currentEpoch) =>
        new(PacketType.AckEpoch, lastZxid, ZabPackets.Int(currentEpoch));

    /// <summary>The packets sent to <paramref name="sid"/> in a batch, as "TYPE zxid" lines.</summary>
    public static List<string> To(PeerReady ready, long sid) =>
        [.. ready.Quorum.Where(q => q.Sid == sid && q.Packet is not null).Select(q => $"{q.Packet!.Value.PacketType} {q.Packet.Value.Zxid:x}")];
}
