using System.Net;
using System.Net.Sockets;
using System.Text;
using Zk.Node.Server.Logging;
using Zk.Node.Server.Quorum;

namespace Zk.Node.Server.Tests.Ensemble.Transport;

public sealed class ElectionTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly List<ElectionTransport> _started = [];
    private readonly StringWriter _logText = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var transport in _started)
        {
            await transport.DisposeAsync();
        }
    }

    [Fact]
    public async Task Votes_flow_both_ways_over_the_one_connection_the_larger_id_opened()
    {
        var ports = new Dictionary<long, int> { [1] = FreePort.Next(), [2] = FreePort.Next() };
        var (one, inbox1) = await StartAsync(1, ports);
        var (two, inbox2) = await StartAsync(2, ports);

        one.Send(2, Bytes("from 1"));
        two.Send(1, Bytes("from 2"));

        await Deadline.UntilAsync(() => Task.FromResult(inbox1.Count >= 1 && inbox2.Count >= 1), Limit, "both votes to arrive");
        await Deadline.UntilAsync(() => Task.FromResult(one.IsOutbound(2) == false && two.IsOutbound(1) == true), Limit, "one connection opened by server 2");
        Assert.Equal([(2L, "from 2")], inbox1.Items.Select(m => (m.Sid, Text(m.Item))).Distinct());
        Assert.Equal([(1L, "from 1")], inbox2.Items.Select(m => (m.Sid, Text(m.Item))).Distinct());
    }

    [Fact]
    public async Task Five_members_all_talking_at_once_settle_on_one_connection_per_pair_opened_by_the_larger_id()
    {
        var ports = Enumerable.Range(1, 5).ToDictionary(i => (long)i, _ => FreePort.Next());
        var members = new List<(ElectionTransport Transport, Inbox<byte[]> Inbox)>();
        foreach (long sid in ports.Keys)
        {
            members.Add(await StartAsync(sid, ports));
        }

        await Task.WhenAll(members.Select((m, i) => Task.Run(() =>
        {
            foreach (long to in ports.Keys.Where(to => to != i + 1))
            {
                m.Transport.Send(to, Bytes($"{i + 1}->{to}"));
            }
        })));

        await Deadline.UntilAsync(() => Task.FromResult(members.All(m => m.Inbox.Items.Select(x => x.Sid).Distinct().Count() == 4)), Limit, "every member to hear from the four others");
        await Deadline.UntilAsync(() => Task.FromResult(members.All(m => m.Transport.ConnectedPeers.Count == 4)), Limit, "a connection per pair");
        for (int i = 0; i < members.Count; i++)
        {
            long me = i + 1;
            foreach (long other in ports.Keys.Where(o => o != me))
            {
                Assert.Equal(me > other, members[i].Transport.IsOutbound(other));
            }

            Assert.All(members[i].Inbox.Items, x => Assert.Equal($"{x.Sid}->{me}", Text(x.Item)));
        }
    }

    [Fact]
    public async Task The_smaller_id_connecting_first_is_dropped_and_called_back()
    {
        var ports = new Dictionary<long, int> { [1] = FreePort.Next(), [2] = FreePort.Next() };
        var (one, _) = await StartAsync(1, ports);
        var (two, inbox2) = await StartAsync(2, ports);

        // Server 2 has nothing to say, so only server 1's connect attempt can start the channel.
        one.Send(2, Bytes("hello"));

        await Deadline.UntilAsync(() => Task.FromResult(inbox2.Count >= 1), Limit, "server 2 to receive the vote");
        Assert.True(two.IsOutbound(1));
        Assert.False(one.IsOutbound(2));
        Assert.Equal([2L], one.ConnectedPeers);
    }

    [Fact]
    public async Task Only_the_latest_vote_queued_for_an_unreachable_peer_is_delivered()
    {
        var ports = new Dictionary<long, int> { [1] = FreePort.Next(), [2] = FreePort.Next() };
        var (two, _) = await StartAsync(2, ports);
        two.Send(1, Bytes("round 1"));
        two.Send(1, Bytes("round 2"));
        two.Send(1, Bytes("round 3"));

        var (_, inbox1) = await StartAsync(1, ports);

        await Deadline.UntilAsync(() => Task.FromResult(inbox1.Count >= 1), Limit, "a vote to arrive once server 1 listens");
        Assert.Equal(["round 3"], inbox1.Items.Select(m => Text(m.Item)).Distinct());
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_yet_is_retried_until_it_does()
    {
        var ports = new Dictionary<long, int> { [1] = FreePort.Next(), [2] = FreePort.Next() };
        var (_, inbox1) = await StartAsync(1, ports);
        int lookups = 0;
        Task<IPAddress[]> Resolve(string host, CancellationToken cancel) =>
            Interlocked.Increment(ref lookups) <= 3
                ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound))
                : Task.FromResult(new[] { IPAddress.Loopback });
        var peers = new Dictionary<long, PeerEndpoint>
        {
            [1] = new("pod-1.not-yet-in-dns", ports[1]),
            [2] = new("127.0.0.1", ports[2]),
        };
        var two = new ElectionTransport(Options(2, ports[2]), peers, (_, _) => { }, TimeProvider.System, Log(), Resolve);
        _started.Add(two);
        await two.StartAsync(CancellationToken.None);

        two.Send(1, Bytes("eventually"));

        await Deadline.UntilAsync(() => Task.FromResult(inbox1.Count >= 1), Limit, "the vote to arrive after DNS catches up");
        Assert.True(Volatile.Read(ref lookups) > 3);
        Assert.Equal("eventually", Text(inbox1.Items[0].Item));
    }

    [Fact]
    public async Task A_connection_is_reestablished_and_the_last_vote_repeated_after_the_peer_restarts()
    {
        var ports = new Dictionary<long, int> { [1] = FreePort.Next(), [2] = FreePort.Next() };
        var (_, firstInbox) = await StartAsync(1, ports);
        var (two, _) = await StartAsync(2, ports);
        two.Send(1, Bytes("my vote"));
        await Deadline.UntilAsync(() => Task.FromResult(firstInbox.Count >= 1), Limit, "the first delivery");

        var first = _started[0];
        _started.RemoveAt(0);
        await first.DisposeAsync();
        var (_, secondInbox) = await StartAsync(1, ports);

        await Deadline.UntilAsync(() => Task.FromResult(secondInbox.Count >= 1), Limit, "the vote to be repeated to the restarted peer");
        Assert.Equal("my vote", Text(secondInbox.Items[0].Item));
    }

    [Fact]
    public async Task A_message_to_ourselves_is_delivered_without_a_socket()
    {
        var ports = new Dictionary<long, int> { [1] = FreePort.Next() };
        var (one, inbox) = await StartAsync(1, ports);

        one.Send(1, Bytes("self"));

        Assert.Equal([(1L, "self")], inbox.Items.Select(m => (m.Sid, Text(m.Item))));
        Assert.Empty(one.ConnectedPeers);
    }

    [Fact]
    public async Task A_malformed_handshake_closes_that_connection_and_the_channel_keeps_working()
    {
        var ports = new Dictionary<long, int> { [1] = FreePort.Next(), [2] = FreePort.Next() };
        var (_, inbox1) = await StartAsync(1, ports);

        using (var rogue = new TcpClient())
        {
            await rogue.ConnectAsync(IPAddress.Loopback, ports[1]);
            var stream = rogue.GetStream();
            byte[] badVersion = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(badVersion, -12345);
            await stream.WriteAsync(badVersion);
            int read = await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(Limit);
            Assert.Equal(0, read);
        }

        var (two, _) = await StartAsync(2, ports);
        two.Send(1, Bytes("still fine"));
        await Deadline.UntilAsync(() => Task.FromResult(inbox1.Count >= 1), Limit, "a good vote after the bad handshake");
        Assert.Equal("still fine", Text(inbox1.Items[0].Item));
    }

    [Fact]
    public async Task A_length_prefix_above_the_limit_closes_the_connection_before_reading_the_body()
    {
        var ports = new Dictionary<long, int> { [1] = FreePort.Next() };
        var (one, inbox1) = await StartAsync(1, ports);

        using var rogue = new TcpClient();
        await rogue.ConnectAsync(IPAddress.Loopback, ports[1]);
        var stream = rogue.GetStream();
        var handshake = new System.Buffers.ArrayBufferWriter<byte>();
        new Zk.Node.Protocol.Peer.ElectionHandshake(7, "127.0.0.1:1").Write(new Zk.Node.Protocol.Jute.JuteWriter(handshake));
        await stream.WriteAsync(handshake.WrittenMemory);
        byte[] hugeLength = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(hugeLength, 512 * 1024 + 1);
        await stream.WriteAsync(hugeLength);

        int read = await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(Limit);
        Assert.Equal(0, read);
        Assert.Equal(0, inbox1.Count);
        Assert.DoesNotContain(7L, one.ConnectedPeers);
    }

    [Fact]
    public async Task A_second_transport_cannot_bind_the_election_port_a_live_one_listens_on()
    {
        var ports = new Dictionary<long, int> { [1] = FreePort.Next() };
        await StartAsync(1, ports);
        var second = new ElectionTransport(Options(1, ports[1]) with { BindRetries = 1, BindRetryIntervalMs = 10 }, new Dictionary<long, PeerEndpoint>(), (_, _) => { }, TimeProvider.System, Log());
        _started.Add(second);

        var error = await Assert.ThrowsAsync<SocketException>(() => second.StartAsync(CancellationToken.None));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public async Task Bind_gives_up_after_electionPortBindRetry_attempts_on_a_taken_port()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        int port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var transport = new ElectionTransport(Options(1, port) with { BindRetries = 2, BindRetryIntervalMs = 10 }, new Dictionary<long, PeerEndpoint>(), (_, _) => { }, TimeProvider.System, Log());
        _started.Add(transport);
        var failures = new List<int>();
        transport.BindAttemptFailed += failures.Add;

        await Assert.ThrowsAsync<SocketException>(() => transport.StartAsync(CancellationToken.None));
        Assert.Equal([1, 2, 3], failures);
    }

    [Fact]
    public async Task Bind_succeeds_once_the_port_is_released_during_the_retries()
    {
        var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        int port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var transport = new ElectionTransport(Options(1, port) with { BindRetries = 0, BindRetryIntervalMs = 10 }, new Dictionary<long, PeerEndpoint>(), (_, _) => { }, TimeProvider.System, Log());
        _started.Add(transport);
        transport.BindAttemptFailed += attempt =>
        {
            if (attempt == 2)
            {
                squatter.Stop();
            }
        };

        await transport.StartAsync(CancellationToken.None);
        Assert.Equal(port, transport.LocalEndpoint.Port);
    }

    [Fact]
    public async Task QuorumListenOnAllIPs_binds_the_wildcard_address_instead_of_the_configured_host()
    {
        int port = FreePort.Next();
        var transport = new ElectionTransport(Options(1, port) with { Self = new PeerEndpoint("pod-1.not-in-dns", port), ListenOnAllIps = true }, new Dictionary<long, PeerEndpoint>(), (_, _) => { }, TimeProvider.System, Log());
        _started.Add(transport);

        await transport.StartAsync(CancellationToken.None);

        Assert.Equal(IPAddress.Any, transport.LocalEndpoint.Address);
        Assert.Equal(port, transport.LocalEndpoint.Port);
    }

    private async Task<(ElectionTransport Transport, Inbox<byte[]> Inbox)> StartAsync(long sid, Dictionary<long, int> ports)
    {
        var inbox = new Inbox<byte[]>();
        var peers = ports.ToDictionary(p => p.Key, p => new PeerEndpoint("127.0.0.1", p.Value));
        var transport = new ElectionTransport(Options(sid, ports[sid]), peers, inbox.Add, TimeProvider.System, Log());
        _started.Add(transport);
        await transport.StartAsync(CancellationToken.None);
        return (transport, inbox);
    }

    private static ElectionTransportOptions Options(long sid, int port) => new()
    {
        MySid = sid,
        Self = new PeerEndpoint("127.0.0.1", port),
        MinReconnectBackoffMs = 10,
        MaxReconnectBackoffMs = 100,
        ConnectTimeoutMs = 2000,
    };

    private NodeLog Log() => new(TimeProvider.System, TextWriter.Synchronized(_logText), "election");

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
