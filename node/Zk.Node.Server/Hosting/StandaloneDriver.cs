using Zk.Node.Core.Server;

namespace Zk.Node.Server.Hosting;

/// <summary>
/// Drives the standalone <see cref="ServerCore"/>: its <see cref="Ready"/> is applied as txns to the log writer
/// (persist before ack), frames to their connections, closes, then a snapshot when one is due.
/// </summary>
internal sealed class StandaloneDriver(ServerCore core, TxnLogWriter logWriter, SnapshotWriter snapshots) : ICoreDriver
{
    public ServerCore Core { get; } = core;

    public long PendingClientSendBytes => Core.PendingSendBytes;

    public void Dispatch(CoreInput input, long nowMs)
    {
        switch (input)
        {
            case CoreInput.Connect c:
                Core.Connect(c.Connection, c.Payload, c.RemoteAddress, nowMs);
                break;
            case CoreInput.Receive r:
                Core.Receive(r.Connection, r.Payload, nowMs);
                break;
            case CoreInput.Disconnected d:
                Core.Disconnected(d.Connection, nowMs);
                break;
            case CoreInput.Persisted p:
                Core.Persisted(p.Zxid);
                break;
            case CoreInput.Tick:
                Core.Tick(nowMs);
                break;
        }
    }

    public void Drain(CoreLoop loop)
    {
        if (!Core.HasReady)
        {
            return;
        }

        var ready = Core.TakeReady();
        if (ready.Persist.Count > 0)
        {
            logWriter.Enqueue(ready.Persist);
        }

        foreach (var frame in ready.Send)
        {
            loop.SendToClient(frame.Connection, frame.Payload);
        }

        foreach (var malformed in ready.Malformed)
        {
            loop.ReportMalformed(malformed);
        }

        foreach (var id in ready.Close)
        {
            loop.CloseClient(id);
        }

        foreach (string fault in ready.Faults)
        {
            loop.LogRequestFault(fault);
        }

        if (ready.SnapshotDue)
        {
            snapshots.TakeSnapshot(Core, logWriter);
        }
    }
}
