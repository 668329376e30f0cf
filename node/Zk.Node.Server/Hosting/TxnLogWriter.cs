using System.Collections.Concurrent;
using Zk.Node.Core.Server;
using Zk.Node.Server.Logging;
using Zk.Node.Storage.TxnLog;

namespace Zk.Node.Server.Hosting;

/// <summary>
/// The log thread: appends every batch queued since its last fsync, fsyncs once (group commit), then tells the
/// core which zxid is durable. Under load one fsync covers many client writes.
/// </summary>
internal sealed class TxnLogWriter
{
    private readonly BlockingCollection<Work> _queue = new();
    private readonly TxnLog _log;
    private readonly CoreLoop _core;
    private readonly NodeLog _nodeLog;
    private readonly Thread _thread;

    public TxnLogWriter(TxnLog log, CoreLoop core, NodeLog nodeLog)
    {
        _log = log;
        _core = core;
        _nodeLog = nodeLog;
        _thread = new Thread(Run) { Name = "zknode-txnlog", IsBackground = true };
    }

    public long Fsyncs { get; private set; }

    public void Start() => _thread.Start();

    /// <summary>Core thread: queue txns for the log (the list is the core's; it is not reused after TakeReady).</summary>
    public void Enqueue(List<PendingTxn> txns) => _queue.Add(new Work(txns, null));

    /// <summary>Core thread: start a new log file at this point of the txn stream (before a snapshot is written).</summary>
    public void RollThen(Action afterRoll) => _queue.Add(new Work(null, () =>
    {
        _log.RollLog();
        afterRoll();
    }));

    /// <summary>
    /// Core thread: run <paramref name="action"/> on the log thread once everything queued before it is durable, and
    /// before anything queued after it is appended (ZAB's TRUNC, a SNAP install, epoch files, durability barriers).
    /// </summary>
    public void Then(Action action) => _queue.Add(new Work(null, action));

    public void Stop() => _queue.CompleteAdding();

    private void Run()
    {
        try
        {
            foreach (var first in _queue.GetConsumingEnumerable())
            {
                long lastZxid = -1;
                var work = first;
                while (true)
                {
                    if (work.Txns is not null)
                    {
                        foreach (var txn in work.Txns)
                        {
                            _log.Append(txn.Zxid, txn.Record);
                            lastZxid = txn.Zxid;
                        }
                    }
                    else
                    {
                        // Make everything before it durable first: a snapshot never precedes its txns, a truncation
                        // never races an append, and a barrier means what it says.
                        Commit(ref lastZxid);
                        work.After!();
                    }

                    if (!_queue.TryTake(out work!))
                    {
                        break;
                    }
                }

                Commit(ref lastZxid);
            }
        }
        catch (Exception e)
        {
            _nodeLog.Error($"txn log failed, stopping: {e}");
            Environment.FailFast("zknode txn log failed", e);
        }
    }

    private void Commit(ref long lastZxid)
    {
        if (lastZxid < 0)
        {
            return;
        }

        _log.Commit();
        Fsyncs++;
        _core.Post(new CoreInput.Persisted(lastZxid));
        lastZxid = -1;
    }

    private sealed record Work(List<PendingTxn>? Txns, Action? After);
}
