using Zk.Node.Core.Server;
using Zk.Node.Server.Hosting;
using Zk.Node.Server.Logging;
using Zk.Node.Server.Network;

namespace Zk.Node.Server.Tests.Hosting;

/// <summary>
/// One client frame whose processing throws must not end the core thread (it used to FailFast the process): that
/// connection is forgotten, the failure is logged once, and the loop keeps running other inputs.
/// </summary>
public sealed class CoreLoopFaultTests
{
    [Fact]
    public async Task A_throwing_client_frame_closes_that_connection_only_and_the_loop_keeps_serving()
    {
        var output = new StringWriter();
        var loop = new CoreLoop(TimeProvider.System, new NodeLog(TimeProvider.System, TextWriter.Synchronized(output)), new ClientLimits());
        var driver = new ThrowingOnFramesDriver(new ServerCore(new CoreOptions(), 0));
        loop.Start(driver);
        var victim = new ConnectionId(7);

        loop.Post(new CoreInput.Receive(victim, [1, 2, 3]));
        bool disconnected = await loop.QueryAsync(() => driver.Disconnected.Contains(victim));
        loop.Post(new CoreInput.Receive(victim, [4]));
        int served = await loop.QueryAsync(() => driver.Frames);
        loop.Stop();

        Assert.True(disconnected, "the failing connection was not forgotten by the core");
        Assert.Equal(2, served);
        string log = output.ToString();
        Assert.Contains("request on connection 7 failed", log, StringComparison.Ordinal);
        Assert.Contains("injected fault", log, StringComparison.Ordinal);
    }

    /// <summary>A driver whose client frames always fail, as a bug in request processing would.</summary>
    private sealed class ThrowingOnFramesDriver(ServerCore core) : ICoreDriver
    {
        public ServerCore Core { get; } = core;

        public List<ConnectionId> Disconnected { get; } = [];

        public int Frames { get; private set; }

        public long PendingClientSendBytes => 0;

        public void Dispatch(CoreInput input, long nowMs)
        {
            switch (input)
            {
                case CoreInput.Receive:
                    Frames++;
                    throw new InvalidOperationException("injected fault");
                case CoreInput.Disconnected d:
                    Disconnected.Add(d.Connection);
                    Core.Disconnected(d.Connection, nowMs);
                    break;
            }
        }

        public void Drain(CoreLoop loop) => Core.TakeReady();
    }
}
