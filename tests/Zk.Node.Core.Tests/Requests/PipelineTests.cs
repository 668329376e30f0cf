using Zk.Node.Core.Tests.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Requests;

public sealed class PipelineTests
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    private static (CoreHarness, TestClient) Held()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        h.AutoPersist = false;
        return (h, c);
    }

    [Fact]
    public void Replies_to_writes_are_held_until_persisted_and_reads_queue_behind_them()
    {
        var (h, c) = Held();
        int create = c.Send(OpCode.Create, new CreateRequest("/a", [1], Open, 0));
        int read = c.Send(OpCode.GetData, new GetDataRequest("/a", false));

        Assert.Equal(0, c.PendingFrames);
        Assert.Single(h.Unpersisted);
        Assert.False(h.Core.Tree.Exists("/a"));

        h.PersistAll();
        c.Reply(create);
        Assert.Equal([1], c.Result<GetDataResponse>(read).Data!);
    }

    [Fact]
    public void A_read_of_another_session_is_answered_at_once_from_the_applied_tree()
    {
        var (h, writer) = Held();
        h.AutoPersist = true;
        var reader = h.Connect();
        h.AutoPersist = false;
        writer.Send(OpCode.Create, new CreateRequest("/a", null, Open, 0));

        reader.Reply(reader.Send(OpCode.Exists, new ExistsRequest("/a", false)), KeeperErrorCode.NoNode);
    }

    [Fact]
    public void Pipelined_writes_are_validated_against_the_outstanding_changes()
    {
        var (h, c) = Held();
        int a = c.Send(OpCode.Create, new CreateRequest("/a", null, Open, 0));
        int b = c.Send(OpCode.Create, new CreateRequest("/a/b", null, Open, 0));
        int set = c.Send(OpCode.SetData, new SetDataRequest("/a", [5], 0));
        int again = c.Send(OpCode.Create, new CreateRequest("/a", null, Open, 0));
        int staleVersion = c.Send(OpCode.SetData, new SetDataRequest("/a", [6], 0));
        int notEmpty = c.Send(OpCode.Delete, new DeleteRequest("/a", -1));
        int seq1 = c.Send(OpCode.Create, new CreateRequest("/a/s-", null, Open, CreateFlags.PersistentSequential));

        Assert.Equal(4, h.Unpersisted.Count);
        h.PersistAll();

        c.Reply(a);
        c.Reply(b);
        Assert.Equal(1, c.Result<SetDataResponse>(set).Stat.Version);
        c.Reply(again, KeeperErrorCode.NodeExists);
        c.Reply(staleVersion, KeeperErrorCode.BadVersion);
        c.Reply(notEmpty, KeeperErrorCode.NotEmpty);
        Assert.Equal("/a/s-0000000001", c.Result<CreateResponse>(seq1).Path);
    }

    [Fact]
    public void Replies_leave_in_request_order_even_when_errors_are_known_early()
    {
        var (h, c) = Held();
        int create = c.Send(OpCode.Create, new CreateRequest("/a", null, Open, 0));
        int error = c.Send(OpCode.Delete, new DeleteRequest("/missing", -1));
        int ping = c.SendEmpty(OpCode.Ping, Xids.Ping);
        Assert.Equal(0, c.PendingFrames);

        h.PersistAll();
        c.Reply(create);
        c.Reply(error, KeeperErrorCode.NoNode);
        c.Reply(ping);
    }

    [Fact]
    public void Multi_success_returns_one_result_per_op_and_shares_one_zxid()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/m", [0], Open, 0)));
        int before = h.Log.Count;
        var multi = new MultiRequest([
            new MultiOperation(OpCode.Create, new CreateRequest("/m/a", null, Open, 0)),
            new MultiOperation(OpCode.Create2, new CreateRequest("/m/b", null, Open, 0)),
            new MultiOperation(OpCode.SetData, new SetDataRequest("/m", [1], 0)),
            new MultiOperation(OpCode.Check, new CheckVersionRequest("/m", 1)),
            new MultiOperation(OpCode.Delete, new DeleteRequest("/m/a", 0)),
        ]);
        var response = c.Result<MultiResponse>(c.Send(OpCode.Multi, multi));

        long zxid = h.Core.LastZxid;
        Assert.Equal(before + 1, h.Log.Count);
        Assert.Equal(
            [OpCode.Create, OpCode.Create, OpCode.SetData, OpCode.Check, OpCode.Delete],
            response.Results.Select(r => r.Type));
        Assert.Equal("/m/a", ((CreateResponse)response.Results[0].Record!).Path);
        // ZooKeeper 3.8 answers a create2 op inside multi with a plain create result (path only).
        Assert.Equal("/m/b", ((CreateResponse)response.Results[1].Record!).Path);
        Assert.Equal(zxid, ((SetDataResponse)response.Results[2].Record!).Stat.Mzxid);
        Assert.False(h.Core.Tree.Exists("/m/a"));
        Assert.True(h.Core.Tree.Exists("/m/b"));
    }

    [Fact]
    public void Failed_multi_reports_ok_then_the_error_then_runtime_inconsistency_and_changes_nothing()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        var multi = new MultiRequest([
            new MultiOperation(OpCode.Create, new CreateRequest("/x", null, Open, 0)),
            new MultiOperation(OpCode.Delete, new DeleteRequest("/missing", -1)),
            new MultiOperation(OpCode.SetData, new SetDataRequest("/x", null, -1)),
        ]);
        int xid = c.Send(OpCode.Multi, multi);
        var frame = c.Reply(xid);
        var response = frame.Body<MultiResponse>();

        Assert.Equal(
            [(OpCode.Error, KeeperErrorCode.Ok), (OpCode.Error, KeeperErrorCode.NoNode), (OpCode.Error, KeeperErrorCode.RuntimeInconsistency)],
            response.Results.Select(r => (r.Type, r.Err)));
        Assert.False(h.Core.Tree.Exists("/x"));

        // The failed multi left no outstanding change behind: /x can be created afterwards.
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/x", null, Open, 0)));
    }

    [Fact]
    public void Multi_read_answers_each_op_independently()
    {
        var h = new CoreHarness();
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/r", [7], Open, 0)));
        var multi = new MultiRequest([
            new MultiOperation(OpCode.GetData, new GetDataRequest("/r", false)),
            new MultiOperation(OpCode.GetChildren, new GetChildrenRequest("/missing", false)),
            new MultiOperation(OpCode.GetChildren, new GetChildrenRequest("/", false)),
        ]);
        var response = c.Result<MultiResponse>(c.Send(OpCode.MultiRead, multi));

        Assert.Equal([7], ((GetDataResponse)response.Results[0].Record!).Data!);
        Assert.Equal((OpCode.Error, KeeperErrorCode.NoNode), (response.Results[1].Type, response.Results[1].Err));
        Assert.Contains("r", ((GetChildrenResponse)response.Results[2].Record!).Children);
    }
}
