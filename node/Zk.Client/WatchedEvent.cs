namespace Zk.Client;

/// <summary>
/// A watch notification (Type is a node event, State is SyncConnected) or a session state change
/// (Type is <see cref="WatchEventType.None"/>, Path is null). Paths are relative to the client's chroot.
/// </summary>
public readonly record struct WatchedEvent(WatchEventType Type, SessionState State, string? Path);
