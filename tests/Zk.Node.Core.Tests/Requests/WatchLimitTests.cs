using Zk.Node.Core.Tests.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Requests;

/// <summary>
/// maxWatchesPerConnection: a request that would arm a watch past the limit is refused with THROTTLED, so the
/// client knows no event will come (it used to be answered OK without the watch).
/// </summary>
public sealed class WatchLimitTests
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Fact]
    public void A_watching_read_past_the_limit_is_throttled_and_one_within_it_still_fires()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { MaxWatchesPerConnection = 2 });
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/a", null, Open, 0)));

        c.Reply(c.Send(OpCode.Exists, new ExistsRequest("/a", true)));
        c.Reply(c.Send(OpCode.GetChildren, new GetChildrenRequest("/a", true)));
        c.Reply(c.Send(OpCode.Exists, new ExistsRequest("/b", true)), KeeperErrorCode.Throttled);
        c.Reply(c.Send(OpCode.GetData, new GetDataRequest("/a", true)), KeeperErrorCode.Ok);
        c.Reply(c.Send(OpCode.Exists, new ExistsRequest("/b", false)), KeeperErrorCode.NoNode);

        int create = c.Send(OpCode.Create, new CreateRequest("/a/child", null, Open, 0));
        Assert.Equal(EventType.NodeChildrenChanged, (EventType)c.Next().Event.Type);
        c.Reply(create);
    }

    [Fact]
    public void SetWatches_past_the_limit_answers_throttled()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { MaxWatchesPerConnection = 1 });
        var c = h.Connect();

        c.Reply(c.Send(OpCode.SetWatches, new SetWatches(h.Core.LastZxid, [], ["/x", "/y"], []), xid: Xids.SetWatches), KeeperErrorCode.Throttled);
    }

    [Fact]
    public void Zero_means_no_limit_as_in_ZooKeeper()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { MaxWatchesPerConnection = 0 });
        var c = h.Connect();

        for (int i = 0; i < 1000; i++)
        {
            c.Reply(c.Send(OpCode.Exists, new ExistsRequest($"/n{i}", true)), KeeperErrorCode.NoNode);
        }

        Assert.Equal(1000, h.Core.Watches.WatchCountOf(c.Id.Value));
    }
}
