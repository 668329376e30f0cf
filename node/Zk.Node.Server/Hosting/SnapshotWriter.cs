using System.Buffers;
using Zk.Node.Core.Server;
using Zk.Node.Server.Logging;
using Zk.Node.Storage.Snapshots;

namespace Zk.Node.Server.Hosting;

/// <summary>
/// Takes snapshots every snapCount txns: the core serialises its state on the core thread (so the snapshot is
/// exact at its zxid), the log rolls to a new file, and a background task writes the file and purges old ones.
/// </summary>
internal sealed class SnapshotWriter(SnapshotStore store, Action purge, NodeLog log)
{
    private int _writing;

    public void TakeSnapshot(ServerCore core, TxnLogWriter logWriter)
    {
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            log.Warn("previous snapshot still being written; skipping this one");
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        long zxid = core.WriteSnapshot(buffer);
        logWriter.RollThen(() => _ = Task.Run(() =>
        {
            try
            {
                store.Write(zxid, buffer.WrittenSpan);
                log.Info($"snapshot at zxid 0x{zxid:x} written ({buffer.WrittenCount} bytes)");
                purge();
            }
            catch (Exception e)
            {
                log.Error($"snapshot at zxid 0x{zxid:x} failed: {e.Message}");
            }
            finally
            {
                Volatile.Write(ref _writing, 0);
            }
        }));
    }
}
