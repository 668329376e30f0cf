namespace Zk.Node.Core.Server;

/// <summary>Who orders the writes a <see cref="ServerCore"/> sees.</summary>
internal enum ServerMode
{
    /// <summary>This server alone: a txn applies once it is durable.</summary>
    Standalone,

    /// <summary>The ensemble's established leader: txns are proposed, and apply once a quorum acknowledged them.</summary>
    Leader,

    /// <summary>A follower or observer: writes go to the leader; committed txns arrive from it.</summary>
    Learner,

    /// <summary>Electing or syncing: client connections are refused.</summary>
    NotServing,

    /// <summary>
    /// Cut off from a quorum with readonlymode.enabled: clients that allow it (canBeReadOnly) read the state this member
    /// has; writes answer NOTREADONLY; sessions are local and vanish when the member leaves the mode.
    /// </summary>
    ReadOnly,
}
