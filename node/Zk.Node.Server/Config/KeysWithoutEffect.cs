namespace Zk.Node.Server.Config;

/// <summary>
/// zoo.cfg keys ZooKeeper knows that zknode accepts without doing what ZooKeeper would: each one present is reported
/// by name (with what zknode does instead), so an operator is never left believing a setting works. Keys whose absence
/// of effect would be unsafe (secureClientPort, an election algorithm other than 3) stop startup in
/// <see cref="ServerConfig.From"/> instead.
/// </summary>
internal static class KeysWithoutEffect
{
    private const string PrometheusProvider = "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider";

    /// <summary>Tells <paramref name="warn"/> (key, why) of every key in <paramref name="file"/> that has no effect here.</summary>
    public static void Report(ZooCfgFile file, QuorumServer? self, Action<string, string> warn)
    {
        if (Value(file, "clientPortListenBacklog") is { } backlog)
        {
            warn("clientPortListenBacklog", $"'{backlog}' has no effect: zknode listens with the operating system's default backlog");
        }

        if (Value(file, "admin.idleTimeout") is { } idle)
        {
            warn("admin.idleTimeout", $"'{idle}' has no effect: the AdminServer closes each connection after one response");
        }

        if (Value(file, "admin.commandURL") is { } url && url.TrimEnd('/') != "/commands")
        {
            warn("admin.commandURL", $"'{url}' has no effect: the AdminServer serves commands under /commands");
        }

        if (Value(file, "syncEnabled") is { } sync && !string.Equals(sync, "true", StringComparison.OrdinalIgnoreCase))
        {
            warn("syncEnabled", $"'{sync}' has no effect: an observer always logs and snapshots what it learns, as with the default true");
        }

        if (Value(file, "metricsProvider.className") is { } provider && provider != PrometheusProvider)
        {
            warn("metricsProvider.className", $"'{provider}' has no effect: zknode serves Prometheus text on metricsProvider.httpPort whatever the class");
        }

        if (Value(file, "peerType") is { } peerType && self is not null
            && !string.Equals(peerType, self.IsObserver ? "observer" : "participant", StringComparison.OrdinalIgnoreCase))
        {
            warn("peerType", $"'{peerType}' has no effect: this server's role comes from its server.{self.Id} line");
        }
    }

    private static string? Value(ZooCfgFile file, string key) => file.Get(key) ?? file.Get("zookeeper." + key);
}
