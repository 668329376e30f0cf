using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Server.Logging;
using Zk.Node.Server.Quorum;

namespace Zk.Node.Server.Tests.Ensemble.Transport;

public sealed class QuorumTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly List<QuorumTransport> _started = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var transport in _started)
        {
            await transport.DisposeAsync();
        }
    }

    [Fact]
    public void A_second_transport_cannot_listen_on_the_quorum_port_a_live_one_listens_on()
    {
        var (_, _, port) = StartLeader(1);
        var second = new QuorumTransport(Options(1, port), new RecordingQuorumEvents(), TimeProvider.System, Log());
        _started.Add(second);

        var error = Assert.Throws<SocketException>(second.StartListening);
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public async Task A_follower_is_identified_by_its_FOLLOWERINFO_and_packets_flow_in_order_both_ways()
    {
        var (leader, leaderEvents, port) = StartLeader(1);
        var (follower, followerEvents) = Learner(2);

        follower.ConnectToLeader(1, new PeerEndpoint("127.0.0.1", port));
        await Until(() => followerEvents.Events.Contains("leader 1"), "the follower to connect");
        OnCore(() =>
        {
            follower.Send(1, FollowerInfo(2, PacketType.FollowerInfo));
            follower.Send(1, new QuorumPacket(PacketType.AckEpoch, 0x100000000L, [0, 0, 0, 1]));
            follower.Flush();
        });
        await Until(() => leaderEvents.Packets.Count >= 2, "the leader to receive both packets");

        OnCore(() =>
        {
            for (int i = 1; i <= 3; i++)
            {
                leader.Send(2, new QuorumPacket(PacketType.Proposal, 0x100000000L + i, [(byte)i]));
            }

            leader.Flush();
        });
        await Until(() => followerEvents.Packets.Count >= 3, "the follower to receive three proposals");

        Assert.Equal(["learner 2 Participant", "packet 2 FollowerInfo", "packet 2 AckEpoch"], leaderEvents.Events);
        Assert.Equal([0x100000001L, 0x100000002L, 0x100000003L], followerEvents.Packets.Items.Select(p => p.Item.Zxid));
        Assert.All(followerEvents.Packets.Items, p => Assert.Equal(1L, p.Sid));
        Assert.Equal([2L], leader.Connected);
    }

    [Fact]
    public async Task An_observer_is_reported_with_the_observer_role()
    {
        var (_, leaderEvents, port) = StartLeader(1);
        using var raw = await RawLearnerAsync(port, FollowerInfo(9, PacketType.ObserverInfo));

        await Until(() => leaderEvents.Events.Count >= 2, "the observer to be identified");
        Assert.Equal(["learner 9 Observer", "packet 9 ObserverInfo"], leaderEvents.Events);
    }

    [Fact]
    public async Task A_large_packet_split_across_many_reads_arrives_whole()
    {
        var (leader, _, port) = StartLeader(1);
        var (follower, followerEvents) = Learner(2);
        follower.ConnectToLeader(1, new PeerEndpoint("127.0.0.1", port));
        await Until(() => followerEvents.Events.Contains("leader 1"), "the follower to connect");
        OnCore(() =>
        {
            follower.Send(1, FollowerInfo(2, PacketType.FollowerInfo));
            follower.Flush();
        });
        await Until(() => leader.Connected.Contains(2), "the leader to know server 2");

        byte[] snapshot = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(snapshot);
        OnCore(() =>
        {
            leader.Send(2, new QuorumPacket(PacketType.Snap, 0x200000005L, snapshot));
            leader.Send(2, new QuorumPacket(PacketType.UpToDate, 0x200000005L));
            leader.Flush();
        });

        await Until(() => followerEvents.Packets.Count >= 2, "both packets");
        Assert.Equal(snapshot, followerEvents.Packets.Items[0].Item.Data);
        Assert.Equal(PacketType.UpToDate, followerEvents.Packets.Items[1].Item.PacketType);
    }

    [Fact]
    public async Task A_learner_reconnecting_with_the_same_id_replaces_its_old_connection_silently()
    {
        var (leader, leaderEvents, port) = StartLeader(1);
        using var first = await RawLearnerAsync(port, FollowerInfo(2, PacketType.FollowerInfo));
        await Until(() => leader.Connected.Contains(2), "the first connection");
        using var second = await RawLearnerAsync(port, FollowerInfo(2, PacketType.FollowerInfo));
        await Until(() => leaderEvents.Events.Count(e => e == "learner 2 Participant") == 2, "the second connection");

        int read = await first.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(Limit);
        Assert.Equal(0, read);
        Assert.DoesNotContain("disconnected 2", leaderEvents.Events);
        Assert.Equal([2L], leader.Connected);
    }

    [Fact]
    public async Task A_first_packet_that_is_not_learner_info_closes_the_connection_unreported()
    {
        var (leader, leaderEvents, port) = StartLeader(1);
        using var rogue = await RawLearnerAsync(port, new QuorumPacket(PacketType.Ack, 5));

        int read = await rogue.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(Limit);
        Assert.Equal(0, read);
        Assert.Empty(leaderEvents.Events);
        Assert.Empty(leader.Connected);
    }

    [Fact]
    public async Task A_learner_that_disconnects_is_reported_once()
    {
        var (leader, leaderEvents, port) = StartLeader(1);
        var raw = await RawLearnerAsync(port, FollowerInfo(3, PacketType.FollowerInfo));
        await Until(() => leader.Connected.Contains(3), "the learner");

        raw.Dispose();

        await Until(() => leaderEvents.Events.Contains("disconnected 3"), "the disconnect");
        Assert.Single(leaderEvents.Events, e => e == "disconnected 3");
        Assert.Empty(leader.Connected);
    }

    [Fact]
    public async Task A_leader_that_never_listens_is_reported_unreachable_after_the_deadline()
    {
        var events = new RecordingQuorumEvents();
        var learner = new QuorumTransport(Options(2, FreePort.Next()) with { LeaderConnectDeadlineMs = 300, MaxLeaderConnectRetryMs = 20 }, events, TimeProvider.System, Log());
        _started.Add(learner);

        learner.ConnectToLeader(1, new PeerEndpoint("127.0.0.1", FreePort.Next()));

        await Until(() => events.Events.Contains("unreachable 1"), "the give-up");
        Assert.Equal(["unreachable 1"], events.Events);
    }

    [Fact]
    public async Task A_learner_keeps_retrying_until_the_leader_starts_listening()
    {
        int port = FreePort.Next();
        var (follower, followerEvents) = Learner(2);
        follower.ConnectToLeader(1, new PeerEndpoint("127.0.0.1", port));

        var (leader, leaderEvents, _) = StartLeader(1, port);

        await Until(() => followerEvents.Events.Contains("leader 1"), "the follower to get through");
        Assert.Empty(leaderEvents.Events);
        Assert.Equal([1L], follower.Connected);
    }

    [Fact]
    public async Task Closing_a_learner_from_the_core_is_not_reported_back_and_the_learner_sees_the_leader_go()
    {
        var (leader, leaderEvents, port) = StartLeader(1);
        var (follower, followerEvents) = Learner(2);
        follower.ConnectToLeader(1, new PeerEndpoint("127.0.0.1", port));
        await Until(() => followerEvents.Events.Contains("leader 1"), "the follower to connect");
        OnCore(() =>
        {
            follower.Send(1, FollowerInfo(2, PacketType.FollowerInfo));
            follower.Flush();
        });
        await Until(() => leader.Connected.Contains(2), "the leader to know server 2");

        OnCore(() => leader.Close(2));

        await Until(() => followerEvents.Events.Contains("disconnected 1"), "the follower to notice");
        Assert.DoesNotContain("disconnected 2", leaderEvents.Events);
        Assert.Empty(leader.Connected);
        Assert.Empty(follower.Connected);
    }

    private (QuorumTransport Transport, RecordingQuorumEvents Events, int Port) StartLeader(long sid, int? port = null)
    {
        var events = new RecordingQuorumEvents();
        int chosen = port ?? FreePort.Next();
        var transport = new QuorumTransport(Options(sid, chosen), events, TimeProvider.System, Log());
        _started.Add(transport);
        transport.StartListening();
        return (transport, events, chosen);
    }

    private (QuorumTransport Transport, RecordingQuorumEvents Events) Learner(long sid)
    {
        var events = new RecordingQuorumEvents();
        var transport = new QuorumTransport(Options(sid, FreePort.Next()), events, TimeProvider.System, Log());
        _started.Add(transport);
        return (transport, events);
    }

    private static async Task<TcpClient> RawLearnerAsync(int port, QuorumPacket first)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var bytes = new ArrayBufferWriter<byte>();
        first.Write(new JuteWriter(bytes));
        await client.GetStream().WriteAsync(bytes.WrittenMemory);
        return client;
    }

    private static QuorumPacket FollowerInfo(long sid, PacketType type)
    {
        var data = new ArrayBufferWriter<byte>();
        new LearnerInfo(sid, 0x10000, 0).Write(new JuteWriter(data));
        return new QuorumPacket(type, 0, data.WrittenSpan.ToArray());
    }

    /// <summary>Send/Flush/Close belong to the core thread; tests are that single thread, one call at a time.</summary>
    private static void OnCore(Action action)
    {
        lock (CoreThread)
        {
            action();
        }
    }

    private static readonly Lock CoreThread = new();

    private static Task Until(Func<bool> condition, string what) => Deadline.UntilAsync(() => Task.FromResult(condition()), Limit, what);

    private static QuorumTransportOptions Options(long sid, int port) => new()
    {
        MySid = sid,
        Self = new PeerEndpoint("127.0.0.1", port),
        MaxLeaderConnectRetryMs = 20,
        LeaderConnectDeadlineMs = 10_000,
    };

    private static NodeLog Log() => new(TimeProvider.System, TextWriter.Null, "quorum");
}
