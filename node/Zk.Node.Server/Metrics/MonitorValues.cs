using System.Diagnostics;
using Zk.Node.Server.FourLetterWords;

namespace Zk.Node.Server.Metrics;

/// <summary>
/// The values behind mntr, the AdminServer's monitor command and the Prometheus endpoint: one list, three
/// renderings. Built on the core thread. Keys are ZooKeeper's without the "zk_" prefix.
/// </summary>
internal static class MonitorValues
{
    public static List<(string Key, object Value)> Collect(FourLetterContext context)
    {
        var core = context.Core;
        var stats = core.Stats;
        var watches = core.Watches;
        long openFds = Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount() : -1;
        using var process = Process.GetCurrentProcess();
        return
        [
            ("version", context.VersionLine),
            ("server_state", context.Mode),
            ("ephemerals_count", core.Tree.EphemeralCount),
            ("num_alive_connections", context.Loop.Connections.Count),
            ("avg_latency", stats.Latency.Average),
            ("outstanding_requests", core.OutstandingRequests),
            ("znode_count", core.Tree.NodeCount),
            ("global_sessions", core.Sessions.Count),
            ("non_mtls_remote_conn_count", 0),
            ("last_client_response_size", stats.LastResponseSize),
            ("packets_sent", stats.PacketsSent),
            ("packets_received", stats.PacketsReceived),
            ("max_client_response_size", stats.MaxResponseSize),
            ("connection_drop_probability", 0.0),
            ("watch_count", watches.TotalWatchCount),
            ("auth_failed_count", stats.AuthFailedCount),
            ("min_latency", stats.Latency.Min),
            ("max_file_descriptor_count", 1_048_576),
            ("approximate_data_size", core.Tree.ApproximateDataSize),
            ("open_file_descriptor_count", openFds),
            ("local_sessions", 0),
            ("uptime", context.NowMs - context.Node.StartedAtMs),
            ("max_latency", stats.Latency.Max),
            ("outstanding_tls_handshake", 0),
            ("min_client_response_size", stats.MinResponseSize),
            ("non_mtls_local_conn_count", 0),
            ("malformed_requests", stats.MalformedRequestCount),
            ("last_zxid", core.LastZxid),
            ("cpu_time_ms", (long)process.TotalProcessorTime.TotalMilliseconds),
            ("resident_memory_bytes", process.WorkingSet64),
            .. context.Node.ExtraMonitorValues?.Invoke() ?? [],
        ];
    }

    public static string Format(object value) => value switch
    {
        double d => d.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
