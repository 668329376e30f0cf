using Zk.Node.Core.Tests.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Sessions;

public sealed class SessionLifecycleTests
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    private static WatcherEvent Ev(EventType type, string path) => new((int)type, (int)KeeperState.SyncConnected, path);

    [Fact]
    public void Expiry_deletes_ephemerals_fires_watches_and_closes_the_expired_connection()
    {
        var h = new CoreHarness();
        var doomed = h.Connect(4_000);
        var watcher = h.Connect(40_000);
        doomed.Reply(doomed.Send(OpCode.Create, new CreateRequest("/e", null, Open, CreateFlags.Ephemeral)));
        watcher.Reply(watcher.Send(OpCode.Exists, new ExistsRequest("/e", true)));
        watcher.Result<GetChildrenResponse>(watcher.Send(OpCode.GetChildren, new GetChildrenRequest("/", true)));

        // Touched by the watcher's pings only; the doomed session hears nothing for its timeout plus a tick.
        var events = new List<WatcherEvent>();
        for (int i = 0; i < 3; i++)
        {
            h.Advance(2_000);
            int ping = watcher.SendEmpty(OpCode.Ping, Xids.Ping);
            while (watcher.Next() is var frame && frame.Header.Xid != ping)
            {
                events.Add(frame.Event);
            }

            Assert.Equal(i < 2, h.Core.Tree.Exists("/e") && !doomed.IsClosed);
        }

        Assert.True(doomed.IsClosed);
        Assert.False(h.Core.Sessions.TryGet(doomed.SessionId, out _));
        Assert.False(h.Core.Tree.Exists("/e"));
        Assert.Equal([Ev(EventType.NodeDeleted, "/e"), Ev(EventType.NodeChildrenChanged, "/")], events);
    }

    [Fact]
    public void Pings_keep_a_session_alive()
    {
        var h = new CoreHarness();
        var c = h.Connect(4_000);
        for (int i = 0; i < 10; i++)
        {
            h.Advance(2_000);
            c.Reply(c.SendEmpty(OpCode.Ping, Xids.Ping));
        }

        Assert.False(c.IsClosed);
        Assert.True(h.Core.Sessions.TryGet(c.SessionId, out _));
    }

    [Fact]
    public void Expired_session_cannot_be_reattached()
    {
        var h = new CoreHarness();
        var c = h.Connect(4_000);
        h.Advance(8_000);
        Assert.True(c.IsClosed);

        var again = new TestClient(h, h.NewConnectionId());
        again.SendConnect(new ConnectRequest(0, 0, 4_000, c.SessionId, c.Password, false));

        Assert.Equal(0, again.ReadConnectResponse().TimeOut);
        Assert.True(again.IsClosed);
    }

    [Fact]
    public void Close_session_replies_then_closes_and_deletes_the_ephemerals()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/e1", null, Open, CreateFlags.Ephemeral)));
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/e2", null, Open, CreateFlags.EphemeralSequential)));

        c.Reply(c.SendEmpty(OpCode.CloseSession));

        Assert.True(c.IsClosed);
        Assert.Empty(h.Core.Tree.GetEphemerals(c.SessionId));
        Assert.Equal(0, h.Core.Sessions.Count);
    }

    [Fact]
    public void Close_session_also_deletes_ephemerals_still_in_flight()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        h.AutoPersist = false;
        int create = c.Send(OpCode.Create, new CreateRequest("/e", null, Open, CreateFlags.Ephemeral));
        int close = c.SendEmpty(OpCode.CloseSession);
        h.PersistAll();

        c.Reply(create);
        c.Reply(close);
        Assert.False(h.Core.Tree.Exists("/e"));
    }

    [Fact]
    public void Disconnect_keeps_the_session_until_it_expires()
    {
        var h = new CoreHarness();
        var c = h.Connect(10_000);
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/e", null, Open, CreateFlags.Ephemeral)));
        h.Core.Disconnected(c.Id, h.Now);

        h.Advance(6_000);
        Assert.True(h.Core.Tree.Exists("/e"));
        h.Advance(8_000);
        Assert.False(h.Core.Tree.Exists("/e"));
    }
}
