using Zk.Node.Core.Tests.Server;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Core.Tests.Requests;

/// <summary>
/// Replies are bounded by jute.maxbuffer plus one record's fixed fields (CoreOptions.MaxReplyBytes): a larger one is
/// answered MARSHALLINGERROR, and a multiRead stops collecting as soon as it passes the bound.
/// </summary>
public sealed class ReplySizeLimitTests
{
    private const int MaxBuffer = 4096;

    [Fact]
    public void A_multiRead_whose_reply_passes_the_bound_is_refused_and_the_connection_keeps_working()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { MaxBufferLength = MaxBuffer });
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/big", new byte[MaxBuffer - 100], Acl.OpenAclUnsafe, 0)));
        var read = new MultiOperation(OpCode.GetData, new GetDataRequest("/big", false));

        var one = c.Result<MultiResponse>(c.Send(OpCode.MultiRead, new MultiRequest([read])));
        c.Reply(c.Send(OpCode.MultiRead, new MultiRequest([.. Enumerable.Repeat(read, 2)])), KeeperErrorCode.MarshallingError);
        c.Reply(c.Send(OpCode.MultiRead, new MultiRequest([.. Enumerable.Repeat(read, 100_000)])), KeeperErrorCode.MarshallingError);
        var data = c.Result<GetDataResponse>(c.Send(OpCode.GetData, new GetDataRequest("/big", false)));

        Assert.Equal(MaxBuffer - 100, Assert.Single(one.Results).Record is GetDataResponse r ? r.Data!.Length : -1);
        Assert.Equal(MaxBuffer - 100, data.Data!.Length);
        Assert.False(c.IsClosed);
    }

    [Fact]
    public void Any_reply_past_the_bound_is_refused_whatever_built_it()
    {
        var h = new CoreHarness(CoreHarness.DefaultOptions with { MaxBufferLength = MaxBuffer });
        var c = h.Connect();
        c.Reply(c.Send(OpCode.Create, new CreateRequest("/wide", null, Acl.OpenAclUnsafe, 0)));
        string longName = new('n', 1000);
        for (int i = 0; i < 6; i++)
        {
            c.Reply(c.Send(OpCode.Create, new CreateRequest($"/wide/{longName}{i}", null, Acl.OpenAclUnsafe, 0)));
        }

        c.Reply(c.Send(OpCode.GetChildren, new GetChildrenRequest("/wide", false)), KeeperErrorCode.MarshallingError);
        c.Reply(c.Send(OpCode.Exists, new ExistsRequest("/wide", false)));
    }
}
