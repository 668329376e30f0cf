using Zk.Node.Core.Server;

namespace Zk.Node.Core.Sessions;

/// <summary>One global session as the tracker sees it.</summary>
public sealed class Session
{
    internal Session(long id, int timeoutMs, byte[] password)
    {
        Id = id;
        TimeoutMs = timeoutMs;
        Password = password;
    }

    public long Id { get; }

    public int TimeoutMs { get; }

    /// <summary>What a client must present to re-attach (random, from the createSession txn); empty: never re-attachable.</summary>
    internal byte[] Password { get; }

    /// <summary>A closeSession txn has been issued; the session accepts no more requests.</summary>
    public bool IsClosing { get; internal set; }

    /// <summary>The bucket in which the session expires unless touched.</summary>
    public long ExpiryMs { get; internal set; }

    /// <summary>The connection currently bound to the session, if any.</summary>
    public ConnectionId? Owner { get; internal set; }
}
