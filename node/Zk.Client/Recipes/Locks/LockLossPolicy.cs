namespace Zk.Client.Recipes.Locks;

/// <summary>When a held lock's <see cref="InterProcessMutex.LostToken"/> is cancelled (Curator's ConnectionStateErrorPolicy).</summary>
public enum LockLossPolicy
{
    /// <summary>
    /// Also on a dropped connection (Curator's SUSPENDED, its default StandardConnectionStateErrorPolicy): while
    /// disconnected the client cannot know whether the server has already expired the session and granted the
    /// lock to the next waiter, so the safe reading is "no longer exclusive".
    /// </summary>
    Suspended,

    /// <summary>
    /// Only when the session is known to be gone (Expired, Closed) or the lock node was deleted (Curator's
    /// SessionConnectionStateErrorPolicy). Mutual exclusion may be violated during a partition longer than the
    /// session timeout; pair it with fencing (<see cref="InterProcessMutex.LockNodePath"/>'s czxid).
    /// </summary>
    SessionLost,
}
