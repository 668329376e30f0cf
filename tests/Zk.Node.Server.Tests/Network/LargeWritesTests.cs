using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using Xunit.Abstractions;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Framing;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Network;

/// <summary>Writes wait in the core for their fsync: how many a client may pipeline is bounded in bytes, not only in count.</summary>
public sealed class LargeWritesTests(ITestOutputHelper output)
{
    private const int Writes = 300;
    private const int DataBytes = 1_000_000;

    [Fact]
    public async Task Pipelined_megabyte_writes_are_taken_a_few_megabytes_at_a_time_and_all_answered()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode);
        int pid = server.Pid ?? throw new InvalidOperationException("zknode is not running");
        await using (var setup = await RawSession.OpenAsync(server.ClientPort))
        {
            var created = await setup.SendAsync(OpCode.Create, new CreateRequest("/w", [0], Acl.OpenAclUnsafe, 0));
            Assert.Equal(KeeperErrorCode.Ok, created[^1].Header.Err);
        }

        long idle = ProcessMemory.ResidentBytes(pid);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", server.ClientPort);
        var stream = client.GetStream();
        var requests = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(requests, new ConnectRequest(0, 0, 30_000, 0, new byte[16], false));
        for (int xid = 1; xid <= Writes; xid++)
        {
            FrameWriter.WriteFrame(requests, new RequestHeader(xid, OpCode.SetData), new SetDataRequest("/w", new byte[DataBytes], -1));
        }

        var writing = stream.WriteAsync(requests.WrittenMemory).AsTask();
        var answering = CountRepliesAsync(stream, Writes + 1);
        long peak = idle;
        int mostOutstanding = 0;
        using var sampling = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (!answering.IsCompleted && await sampling.WaitForNextTickAsync(deadline.Token))
        {
            peak = Math.Max(peak, ProcessMemory.ResidentBytes(pid));
            mostOutstanding = Math.Max(mostOutstanding, await OutstandingAsync(server.ClientPort));
        }

        Assert.Equal(Writes + 1, await answering);
        await writing;
        output.WriteLine($"{Writes} pipelined setData of {DataBytes} bytes: at most {mostOutstanding} outstanding (mntr), resident memory idle {idle / (1024 * 1024)} MB, peak {peak / (1024 * 1024)} MB");

        // 16 MiB of unanswered requests per connection by default: 16 or 17 writes of 1 MB; before, all 300 (1.7 GB resident).
        Assert.InRange(mostOutstanding, 0, 20);
        Assert.True(peak - idle < 1024L * 1024 * 1024, $"resident memory grew from {idle / (1024 * 1024)} MB to {peak / (1024 * 1024)} MB");
    }

    private static async Task<int> OutstandingAsync(int port)
    {
        string mntr = await FourLetter.AskAsync(port, "mntr", TimeSpan.FromSeconds(10));
        string? line = mntr.Split('\n').FirstOrDefault(l => l.StartsWith("zk_outstanding_requests\t", StringComparison.Ordinal));
        return line is null ? 0 : int.Parse(line.Split('\t')[1], CultureInfo.InvariantCulture);
    }

    private static async Task<int> CountRepliesAsync(NetworkStream stream, int expected)
    {
        byte[] length = new byte[4];
        int frames = 0;
        while (frames < expected)
        {
            await stream.ReadExactlyAsync(length);
            byte[] payload = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
            await stream.ReadExactlyAsync(payload);
            frames++;
        }

        return frames;
    }
}
