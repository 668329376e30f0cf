using System.Buffers;
using System.Net.Sockets;
using Xunit.Abstractions;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Framing;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Network;

/// <summary>A client that writes requests and never reads the replies must cost the server a bounded amount of memory.</summary>
public sealed class SlowReaderTests(ITestOutputHelper output)
{
    private const int NodeBytes = 1_000_000;
    private const int Requests = 2000;

    // Before the output bound, 2,000 replies of 1 MB held about 2-4 GB; with it the server stays near its idle size.
    private const long AllowedGrowthBytes = 400L * 1024 * 1024;

    // The test stops the server rather than let it take the machine down when the bound does not hold.
    private const long AbortGrowthBytes = 1536L * 1024 * 1024;

    [Fact]
    public async Task A_client_that_never_reads_its_replies_leaves_memory_bounded_and_others_served()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode);
        int pid = server.Pid ?? throw new InvalidOperationException("zknode is not running");
        await using (var writer = await RawSession.OpenAsync(server.ClientPort))
        {
            var created = await writer.SendAsync(OpCode.Create, new CreateRequest("/big", new byte[NodeBytes], Acl.OpenAclUnsafe, 0));
            Assert.Equal(KeeperErrorCode.Ok, created[^1].Header.Err);
        }

        long idle = ProcessMemory.ResidentBytes(pid);
        using var flooder = new TcpClient { NoDelay = true };
        await flooder.ConnectAsync("127.0.0.1", server.ClientPort);
        var requests = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(requests, new ConnectRequest(0, 0, 30_000, 0, new byte[16], false));
        for (int xid = 1; xid <= Requests; xid++)
        {
            FrameWriter.WriteFrame(requests, new RequestHeader(xid, OpCode.GetData), new GetDataRequest("/big", false));
        }

        // The server may stop reading before all of it is taken: the write is left pending, never awaited to the end.
        using var stopWriting = new CancellationTokenSource();
        var writing = flooder.GetStream().WriteAsync(requests.WrittenMemory, stopWriting.Token).AsTask();

        // Memory is sampled on its own timer, so a server too busy to answer is still measured (and stopped in time).
        using var observing = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var sampling = SamplePeakAsync(server, pid, idle, observing.Token);
        int answered = 0;
        Exception? interrupted = null;
        try
        {
            await using var other = await RawSession.OpenAsync(server.ClientPort);
            while (!observing.IsCancellationRequested && server.Pid is not null)
            {
                Assert.Equal("imok", await FourLetter.AskAsync(server.ClientPort, "ruok", TimeSpan.FromSeconds(10)));
                var reply = await other.SendAsync(OpCode.Exists, new ExistsRequest("/big", false));
                Assert.Equal(KeeperErrorCode.Ok, reply[^1].Header.Err);
                answered++;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or OperationCanceledException)
        {
            // Reported after the memory verdict: a server stopped by the sampler fails on its memory, not on this.
            interrupted = e;
        }

        long peak = await sampling;
        output.WriteLine($"zknode resident memory: idle {idle / (1024 * 1024)} MB, peak {peak / (1024 * 1024)} MB while a client wrote {Requests} getData of a {NodeBytes}-byte node and never read; {answered} rounds of ruok + exists answered meanwhile");
        Assert.True(peak - idle < AllowedGrowthBytes, $"resident memory grew from {idle / (1024 * 1024)} MB to {peak / (1024 * 1024)} MB");
        Assert.Null(interrupted);
        Assert.True(answered > 0, "no other client was answered while the flooder was connected");
        stopWriting.Cancel();
        flooder.Close();
        await writing.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task<long> SamplePeakAsync(ServerProcess server, int pid, long idle, CancellationToken until)
    {
        long peak = idle;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(until) && server.Pid is not null)
            {
                peak = Math.Max(peak, ProcessMemory.ResidentBytes(pid));
                if (peak - idle > AbortGrowthBytes)
                {
                    server.Kill();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException) when (server.Pid is null)
        {
            // The process went away between the check and the read.
        }

        return peak;
    }
}
