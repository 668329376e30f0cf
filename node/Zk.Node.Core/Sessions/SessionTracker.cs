namespace Zk.Node.Core.Sessions;

/// <summary>
/// The global sessions of this server (ZooKeeper's SessionTrackerImpl): ids, negotiated timeouts, expiry
/// buckets of tickTime width, the closing flag and the connection each session is bound to.
/// </summary>
public sealed class SessionTracker
{
    private readonly Dictionary<long, Session> _sessions = [];
    private readonly ExpiryQueue<long> _expiry;
    private readonly SessionIds _ids;

    internal SessionTracker(long serverId, int tickTimeMs, long startTimeMs)
    {
        _expiry = new ExpiryQueue<long>(tickTimeMs, startTimeMs);
        _ids = new SessionIds(serverId, startTimeMs);
    }

    public int Count => _sessions.Count;

    /// <summary>Sessions in id order.</summary>
    public IEnumerable<Session> All => _sessions.Values.OrderBy(s => s.Id);

    /// <summary>Expiry deadline → session ids, earliest first (for the dump four-letter word).</summary>
    public IEnumerable<KeyValuePair<long, IReadOnlyCollection<long>>> ExpiryBuckets =>
        _expiry.Buckets.Select(b => new KeyValuePair<long, IReadOnlyCollection<long>>(b.Key, b.Value));

    public bool TryGet(long sessionId, out Session session) => _sessions.TryGetValue(sessionId, out session!);

    /// <summary>Allocates a fresh id; the session is tracked until it is closed or expires.</summary>
    internal Session Create(int timeoutMs, byte[] password, long nowMs)
    {
        long id;
        do
        {
            id = _ids.Next();
        }
        while (_sessions.ContainsKey(id));

        return Add(id, timeoutMs, password, nowMs);
    }

    /// <summary>A fresh id that is not tracked yet (a learner's new session becomes global through the leader).</summary>
    internal long NextId()
    {
        long id;
        do
        {
            id = _ids.Next();
        }
        while (_sessions.ContainsKey(id));

        return id;
    }

    /// <summary>Tracks a session known from a txn or a snapshot; an existing one is left alone.</summary>
    internal Session Add(long sessionId, int timeoutMs, byte[] password, long nowMs)
    {
        if (_sessions.TryGetValue(sessionId, out var existing))
        {
            return existing;
        }

        var session = new Session(sessionId, timeoutMs, password);
        _sessions.Add(sessionId, session);
        session.ExpiryMs = _expiry.Update(sessionId, timeoutMs, nowMs);
        return session;
    }

    /// <summary>Postpones expiry; false when the session is unknown or closing (ZooKeeper's touchSession).</summary>
    internal bool Touch(long sessionId, long nowMs)
    {
        if (!_sessions.TryGetValue(sessionId, out var session) || session.IsClosing)
        {
            return false;
        }

        session.ExpiryMs = _expiry.Update(sessionId, session.TimeoutMs, nowMs);
        return true;
    }

    internal void SetClosing(long sessionId)
    {
        if (_sessions.TryGetValue(sessionId, out var session))
        {
            session.IsClosing = true;
        }
    }

    internal bool Remove(long sessionId)
    {
        _expiry.Remove(sessionId);
        return _sessions.Remove(sessionId);
    }

    /// <summary>
    /// Sessions whose deadline passed and that are not already closing, in id order; each is marked closing
    /// and leaves the expiry queue. The caller issues their closeSession txns.
    /// </summary>
    internal List<long> Expire(long nowMs)
    {
        var expired = new List<long>();
        foreach (long id in _expiry.Poll(nowMs))
        {
            var session = _sessions[id];
            if (!session.IsClosing)
            {
                session.IsClosing = true;
                expired.Add(id);
            }
        }

        return expired;
    }
}
