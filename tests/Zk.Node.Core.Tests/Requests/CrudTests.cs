using Zk.Node.Core.Tests.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Requests;

public sealed class CrudTests
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Fact]
    public void Create2_stat_has_the_txn_zxid_and_time_and_zero_versions()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        h.Now += 5;
        int xid = c.Send(OpCode.Create2, new CreateRequest("/a", [1, 2, 3], Open, CreateFlags.Persistent));
        var created = c.Result<Create2Response>(xid);

        long zxid = h.Log[^1].Zxid;
        Assert.Equal(new Stat(zxid, zxid, h.Now, h.Now, 0, 0, 0, 0, 3, 0, zxid), created.Stat);
        Assert.Equal(zxid, h.Core.LastZxid);
    }

    [Fact]
    public void Data_round_trips_and_setData_bumps_version_and_mzxid_only()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Result<CreateResponse>(c.Send(OpCode.Create, new CreateRequest("/a", [1], Open, 0)));
        long createZxid = h.Core.LastZxid;
        h.Now += 100;
        var set = c.Result<SetDataResponse>(c.Send(OpCode.SetData, new SetDataRequest("/a", [9, 9], 0)));
        var got = c.Result<GetDataResponse>(c.Send(OpCode.GetData, new GetDataRequest("/a", false)));

        Assert.Equal(new byte[] { 9, 9 }, got.Data);
        Assert.Equal(set.Stat, got.Stat);
        Assert.Equal(1, got.Stat.Version);
        Assert.Equal(createZxid, got.Stat.Czxid);
        Assert.Equal(createZxid, got.Stat.Pzxid);
        Assert.Equal(h.Core.LastZxid, got.Stat.Mzxid);
        Assert.Equal(h.Now, got.Stat.Mtime);
        Assert.Equal(2, got.Stat.DataLength);
    }

    [Fact]
    public void Null_and_empty_data_stay_different()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/null", null, Open, 0)));
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/empty", [], Open, 0)));

        Assert.Null(c.Result<GetDataResponse>(c.Send(OpCode.GetData, new GetDataRequest("/null", false))).Data);
        Assert.Equal(Array.Empty<byte>(), c.Result<GetDataResponse>(c.Send(OpCode.GetData, new GetDataRequest("/empty", false))).Data!);
    }

    [Fact]
    public void Sequential_names_follow_the_parents_creation_counter_not_its_visible_cversion()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/q", null, Open, 0)));
        string first = c.Result<CreateResponse>(c.Send(OpCode.Create, new CreateRequest("/q/job-", null, Open, CreateFlags.PersistentSequential))).Path;
        c.Reply(c.Send(OpCode.Delete, new DeleteRequest(first, -1)));
        var parent = c.Result<ExistsResponse>(c.Send(OpCode.Exists, new ExistsRequest("/q", false))).Stat;
        string second = c.Result<CreateResponse>(c.Send(OpCode.Create, new CreateRequest("/q/job-", null, Open, CreateFlags.PersistentSequential))).Path;

        Assert.Equal("/q/job-0000000000", first);
        Assert.Equal(2, parent.Cversion);
        Assert.Equal(0, parent.NumChildren);
        Assert.Equal("/q/job-0000000001", second);
    }

    [Fact]
    public void Ephemeral_nodes_show_their_owner_and_refuse_children()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        var stat = c.Result<Create2Response>(c.Send(OpCode.Create2, new CreateRequest("/e", null, Open, CreateFlags.Ephemeral))).Stat;
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/e/child", null, Open, 0)), KeeperErrorCode.NoChildrenForEphemerals);
        var mine = c.Result<GetEphemeralsResponse>(c.Send(OpCode.GetEphemerals, new GetEphemeralsRequest("/")));

        Assert.Equal(c.SessionId, stat.EphemeralOwner);
        Assert.Equal(["/e"], mine.Ephemerals);
    }

    [Fact]
    public void Write_errors_match_zookeeper()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/a", null, Open, 0)));
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/a/b", null, Open, 0)));

        c.Reply(c.Send(OpCode.Create, new CreateRequest("/a", null, Open, 0)), KeeperErrorCode.NodeExists);
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/missing/b", null, Open, 0)), KeeperErrorCode.NoNode);
        c.Reply(c.Send(OpCode.Delete, new DeleteRequest("/a", -1)), KeeperErrorCode.NotEmpty);
        c.Reply(c.Send(OpCode.SetData, new SetDataRequest("/a", null, 7)), KeeperErrorCode.BadVersion);
        c.Reply(c.Send(OpCode.Delete, new DeleteRequest("/a/b", 3)), KeeperErrorCode.BadVersion);
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/a/x\u0001", null, Open, 0)), KeeperErrorCode.BadArguments);
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/x", null, Open, 9)), KeeperErrorCode.BadArguments);
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/x", null, [], 0)), KeeperErrorCode.InvalidAcl);
        c.Reply(c.Send(OpCode.GetData, new GetDataRequest("/nope", false)), KeeperErrorCode.NoNode);
        c.Reply(c.Send(OpCode.Delete, new DeleteRequest("/zookeeper", -1)), KeeperErrorCode.BadArguments);
        c.Reply(c.Send(OpCode.SetData, new SetDataRequest("/zookeeper/config", [1], -1)), KeeperErrorCode.NoAuth);
    }

    [Fact]
    public void Failed_writes_do_not_consume_log_records()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        int before = h.Log.Count;
        c.Reply(c.Send(OpCode.Delete, new DeleteRequest("/nope", -1)), KeeperErrorCode.NoNode);

        Assert.Equal(before, h.Log.Count);
    }

    [Fact]
    public void Ttl_nodes_need_extended_types_and_a_valid_ttl()
    {
        var plain = new CoreHarness();
        var c = plain.Connect();
        c.Reply(c.Send(OpCode.CreateTtl, new CreateTtlRequest("/t", null, Open, CreateFlags.PersistentWithTtl, 1000)), KeeperErrorCode.Unimplemented);

        var extended = new CoreHarness(CoreHarness.DefaultOptions with { ExtendedTypesEnabled = true });
        var e = extended.Connect();
        e.Reply(e.Send(OpCode.CreateTtl, new CreateTtlRequest("/t", null, Open, CreateFlags.PersistentWithTtl, 0)), KeeperErrorCode.BadArguments);
        e.Reply(e.Send(OpCode.CreateTtl, new CreateTtlRequest("/t", null, Open, CreateFlags.Persistent, 1000)), KeeperErrorCode.BadArguments);
        var created = e.Result<Create2Response>(e.Send(OpCode.CreateTtl, new CreateTtlRequest("/t", null, Open, CreateFlags.PersistentWithTtl, 1000)));
        Assert.Equal(0, created.Stat.EphemeralOwner);
    }

    [Fact]
    public void Ttl_node_is_reaped_once_its_ttl_passed_and_the_watcher_hears_it()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { ExtendedTypesEnabled = true });
        var c = h.Connect(40_000);
        c.Reply(c.Send(OpCode.CreateTtl, new CreateTtlRequest("/t", null, Open, CreateFlags.PersistentWithTtl, 1500)));
        c.Reply(c.Send(OpCode.Exists, new ExistsRequest("/t", true)));

        h.Advance(1000);
        Assert.Equal(0, c.PendingFrames);
        h.Advance(1000);

        Assert.Equal(new WatcherEvent((int)EventType.NodeDeleted, (int)KeeperState.SyncConnected, "/t"), c.Next().Event);
        Assert.False(h.Core.Tree.Exists("/t"));
    }

    [Fact]
    public void Used_container_is_reaped_after_its_last_child_goes()
    {
        var h = new CoreHarness();
        var c = h.Connect(40_000);
        c.Reply(c.Send(OpCode.CreateContainer, new CreateRequest("/c", null, Open, CreateFlags.Container)));
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/c/x", null, Open, 0)));
        h.Advance(1500);
        Assert.True(h.Core.Tree.Exists("/c"));

        c.Reply(c.Send(OpCode.Delete, new DeleteRequest("/c/x", -1)));
        h.Advance(1500);

        Assert.False(h.Core.Tree.Exists("/c"));
    }

    [Fact]
    public void Stand_alone_check_and_reconfig_are_refused_without_closing()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Check, new CheckVersionRequest("/", -1)), KeeperErrorCode.Unimplemented);
        c.Reply(c.Send(OpCode.Reconfig, new ReconfigRequest(null, null, "server.1=a:1:2", -1)), KeeperErrorCode.ReconfigDisabled);

        Assert.False(c.IsClosed);
    }

    [Fact]
    public void An_unknown_opcode_is_answered_unimplemented_and_then_the_connection_closes()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.SendEmpty((OpCode)500), KeeperErrorCode.Unimplemented);

        Assert.True(c.IsClosed);
    }

    [Fact]
    public void Sync_echoes_the_path_after_the_sessions_earlier_writes()
    {
        var h = new CoreHarness { AutoPersist = false };
        var c = new TestClient(h, h.NewConnectionId());
        c.SendConnect(new ConnectRequest(0, 0, 30_000, 0, new byte[16], false));
        h.PersistAll();
        c.ReadConnectResponse();

        int create = c.Send(OpCode.Create, new CreateRequest("/s", null, Open, 0));
        int sync = c.Send(OpCode.Sync, new SyncRequest("/s"));
        Assert.Equal(0, c.PendingFrames);

        h.PersistAll();
        c.Reply(create);
        Assert.Equal("/s", c.Result<SyncResponse>(sync).Path);
    }

    [Fact]
    public void Get_children2_and_all_children_number_see_the_subtree()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        foreach (string path in new[] { "/p", "/p/b", "/p/a", "/p/a/x" })
        {
            c.Reply(c.Send(OpCode.Create, new CreateRequest(path, null, Open, 0)));
        }

        var children = c.Result<GetChildren2Response>(c.Send(OpCode.GetChildren2, new GetChildren2Request("/p", false)));
        var count = c.Result<GetAllChildrenNumberResponse>(c.Send(OpCode.GetAllChildrenNumber, new GetAllChildrenNumberRequest("/p")));

        Assert.Equal(["a", "b"], children.Children.Order(StringComparer.Ordinal));
        Assert.Equal(2, children.Stat.NumChildren);
        Assert.Equal(3, count.TotalNumber);
    }
}
