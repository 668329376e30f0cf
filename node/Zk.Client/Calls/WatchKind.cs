namespace Zk.Client.Calls;

/// <summary>Which client-side watch table a successful (or NoNode) reply arms; replayed with setWatches after a reconnect.</summary>
internal enum WatchKind
{
    None,

    /// <summary>getData(watch): armed only when the node exists.</summary>
    Data,

    /// <summary>exists(watch): a data watch when the node exists, an exist watch when it does not.</summary>
    Exist,

    /// <summary>getChildren(watch): armed only when the node exists.</summary>
    Child,
}
