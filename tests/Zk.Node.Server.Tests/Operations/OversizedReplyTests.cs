using System.Globalization;
using Xunit.Abstractions;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Operations;

/// <summary>
/// A multiRead whose reply would be gigabytes (2,100 getData of a 1 MB node) used to be encoded in full on the core
/// thread until the process died. It is refused with MARSHALLINGERROR once its reply passes jute.maxbuffer, the
/// server's peak resident memory stays small, and other clients keep being served.
/// </summary>
public sealed class OversizedReplyTests(ITestOutputHelper output)
{
    private const int NodeBytes = 1_000_000;
    private const int Reads = 2_100;
    private const long PeakLimitKb = 512 * 1024;

    [Fact]
    public async Task A_multiRead_past_jute_maxbuffer_is_refused_with_bounded_memory_and_others_keep_being_served()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode);
        int pid = server.Pid ?? throw new InvalidOperationException("zknode is not running");
        await using var writer = await RawSession.OpenAsync(server.ClientPort);
        await using var bystander = await RawSession.OpenAsync(server.ClientPort);
        var created = await writer.SendAsync(OpCode.Create, new CreateRequest("/big", new byte[NodeBytes], Acl.OpenAclUnsafe, 0));
        Assert.Equal(KeeperErrorCode.Ok, created[^1].Header.Err);
        output.WriteLine($"before: VmRSS {StatusKb(pid, "VmRSS")} kB, VmHWM {StatusKb(pid, "VmHWM")} kB");

        var read = new MultiOperation(OpCode.GetData, new GetDataRequest("/big", false));
        var refused = await writer.SendAsync(OpCode.MultiRead, new MultiRequest([.. Enumerable.Repeat(read, Reads)]));

        Assert.False(refused[^1].IsClosed, $"the connection closed instead of an error reply; server log:\n{server.Log}");
        Assert.Equal(KeeperErrorCode.MarshallingError, refused[^1].Header.Err);
        Assert.NotNull(server.Pid);
        long peakKb = StatusKb(pid, "VmHWM");
        output.WriteLine($"after {Reads} x getData of {NodeBytes} bytes in one multiRead: VmRSS {StatusKb(pid, "VmRSS")} kB, peak VmHWM {peakKb} kB");
        Assert.True(peakKb < PeakLimitKb, $"peak resident memory {peakKb} kB");

        var other = await bystander.SendAsync(OpCode.GetData, new GetDataRequest("/big", false));
        Assert.Equal(KeeperErrorCode.Ok, other[^1].Header.Err);
        var same = await writer.SendAsync(OpCode.Exists, new ExistsRequest("/big", false));
        Assert.Equal(KeeperErrorCode.Ok, same[^1].Header.Err);
    }

    /// <summary>A "Name:   1234 kB" line of /proc/&lt;pid&gt;/status.</summary>
    private static long StatusKb(int pid, string name)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
