using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>
/// One request in flight: knows its opcode, writes its body straight into the connection's output buffer and
/// parses its reply straight from the connection's input buffer. Completed exactly once, on the reader loop.
/// </summary>
internal abstract class ZkCall
{
    private int _done;

    public int Xid { get; set; }

    public abstract OpCode OpCode { get; }

    /// <summary>The server path, for error messages and watch bookkeeping; null for path-less requests.</summary>
    public virtual string? ServerPath => null;

    public virtual WatchKind Watch => WatchKind.None;

    /// <summary>Invoked once when the call leaves the connection, whatever the outcome (releases its throttle slot).</summary>
    public Action? Finished { get; set; }

    public abstract void WriteBody(JuteWriter writer);

    /// <summary>Completes the call from its reply; a malformed body throws <see cref="JuteException"/> and fails the connection.</summary>
    public void Complete(in ReplyHeader header, ref JuteReader body)
    {
        if (!MarkDone())
        {
            return;
        }

        try
        {
            OnReply(header, ref body);
        }
        catch (Exception e)
        {
            OnFailure(e);
            throw;
        }
    }

    public void Fail(Exception error)
    {
        if (MarkDone())
        {
            OnFailure(error);
        }
    }

    protected abstract void OnReply(in ReplyHeader header, ref JuteReader body);

    protected abstract void OnFailure(Exception error);

    private bool MarkDone()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return false;
        }

        Finished?.Invoke();
        return true;
    }
}
