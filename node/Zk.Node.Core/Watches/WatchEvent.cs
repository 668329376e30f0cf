using Zk.Node.Protocol.Client;

namespace Zk.Node.Core.Watches;

/// <summary>A notification to send: <paramref name="Watcher"/> is the connection that armed the watch.</summary>
public readonly record struct WatchEvent(long Watcher, EventType Type, string Path);
