namespace Zk.Node.Core.Zab;

/// <summary>
/// This member's history as ZAB sees it: a window of the last committed (applied) txns, which a leader serves DIFFs
/// from (ZooKeeper's committedLog), followed by the tail of txns that are logged but not applied yet (accepted
/// proposals, or a log replayed at startup whose fate the next synchronization decides).
/// </summary>
/// <remarks>
/// <code>
///   ... snapshot | window (committed, applied, at most N) | tail (logged, not applied)
///               ^ WindowBase                             ^ Applied                   ^ LastLogged
/// </code>
/// </remarks>
internal sealed class ZabLog(int windowLimit)
{
    private readonly List<LoggedTxn> _window = [];
    private readonly List<LoggedTxn> _tail = [];

    /// <summary>The zxid just before the first window entry: a learner at exactly this zxid can still get a DIFF.</summary>
    public long WindowBase { get; private set; }

    /// <summary>The last applied zxid.</summary>
    public long Applied { get; private set; }

    public long LastLogged => _tail.Count > 0 ? _tail[^1].Zxid : Applied;

    public IReadOnlyList<LoggedTxn> Window => _window;

    public IReadOnlyList<LoggedTxn> Tail => _tail;

    /// <summary>Starts over from a state (snapshot or fresh) that covers <paramref name="zxid"/>.</summary>
    public void Reset(long zxid)
    {
        _window.Clear();
        _tail.Clear();
        WindowBase = zxid;
        Applied = zxid;
    }

    public void Append(LoggedTxn txn)
    {
        if (txn.Zxid <= LastLogged)
        {
            throw new InvalidOperationException($"zxid 0x{txn.Zxid:x} does not follow 0x{LastLogged:x}");
        }

        _tail.Add(txn);
    }

    /// <summary>Whether <paramref name="zxid"/> is a txn this member holds (or the window base).</summary>
    public bool Contains(long zxid) =>
        zxid == WindowBase || Find(_window, zxid) >= 0 || Find(_tail, zxid) >= 0;

    /// <summary>Drops logged txns after <paramref name="zxid"/>; applied ones cannot go.</summary>
    public void TruncateAfter(long zxid)
    {
        if (zxid < Applied)
        {
            throw new InvalidOperationException($"cannot truncate to 0x{zxid:x}: 0x{Applied:x} is already applied");
        }

        _tail.RemoveAll(t => t.Zxid > zxid);
    }

    /// <summary>Moves tail txns up to <paramref name="zxid"/> into the window, handing each to <paramref name="apply"/> first.</summary>
    public int CommitThrough(long zxid, Action<LoggedTxn>? apply)
    {
        int count = 0;
        while (_tail.Count > 0 && _tail[0].Zxid <= zxid)
        {
            var txn = _tail[0];
            _tail.RemoveAt(0);
            apply?.Invoke(txn);
            _window.Add(txn);
            Applied = txn.Zxid;
            count++;
        }

        if (_window.Count > windowLimit)
        {
            int drop = _window.Count - windowLimit;
            WindowBase = _window[drop - 1].Zxid;
            _window.RemoveRange(0, drop);
        }

        return count;
    }

    /// <summary>Every held txn (window then tail) after <paramref name="zxid"/>, in order.</summary>
    public IEnumerable<LoggedTxn> After(long zxid) => _window.Concat(_tail).Where(t => t.Zxid > zxid);

    /// <summary>The largest held zxid below <paramref name="zxid"/>, or the window base.</summary>
    public long Below(long zxid)
    {
        long best = WindowBase;
        foreach (var t in _window.Concat(_tail))
        {
            if (t.Zxid < zxid)
            {
                best = t.Zxid;
            }
        }

        return best;
    }

    private static int Find(List<LoggedTxn> list, long zxid) => list.FindIndex(t => t.Zxid == zxid);
}
