using Zk.Operator.Core.Observed;
using Zk.Operator.Runtime;

namespace Zk.Operator.Tests.Runtime;

public sealed class MemberProbeTests
{
    [Theory]
    [InlineData("leader", MemberRole.Leader, false)]
    [InlineData("follower", MemberRole.Follower, false)]
    [InlineData("observer", MemberRole.Observer, false)]
    [InlineData("standalone", MemberRole.Leader, true)]
    [InlineData("read-only", MemberRole.Unknown, false)]
    public void The_mode_line_decides_the_role(string mode, MemberRole role, bool standalone)
    {
        var answer = MemberProbe.Parse($"Zookeeper version: 3.8.4\nZxid: 0x100000002\nMode: {mode}\nNode count: 5\n");

        Assert.Equal(role, answer.Role);
        Assert.Equal(standalone, answer.Standalone);
        Assert.Equal(0x100000002, answer.Zxid);
        Assert.Equal(role != MemberRole.Unknown, answer.Serving);
    }

    [Fact]
    public void A_member_that_is_not_serving_is_unknown()
    {
        var answer = MemberProbe.Parse("This ZooKeeper instance is not currently serving requests\n");

        Assert.Equal(MemberRole.Unknown, answer.Role);
        Assert.False(answer.Serving);
    }

    [Fact]
    public async Task A_member_that_does_not_answer_is_unknown()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var answer = await MemberProbe.AskAsync("127.0.0.1", port, TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.Equal(MemberAnswer.NoAnswer, answer);
    }
}
