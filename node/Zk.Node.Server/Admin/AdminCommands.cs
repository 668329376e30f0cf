using System.Text.Json.Nodes;
using Zk.Node.Server.FourLetterWords;
using Zk.Node.Server.Metrics;

namespace Zk.Node.Server.Admin;

/// <summary>
/// ZooKeeper's AdminServer: <c>GET /commands</c> lists the commands, <c>GET /commands/&lt;name&gt;</c> answers a
/// JSON object with "command", "error" and the command's fields. Not subject to the 4lw whitelist.
/// </summary>
internal sealed class AdminCommands(FourLetterWordRunner runner)
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["conf"] = "configuration",
        ["config"] = "configuration",
        ["crst"] = "connection_stat_reset",
        ["cons"] = "connections",
        ["env"] = "environment",
        ["envi"] = "environment",
        ["gtmk"] = "get_trace_mask",
        ["isro"] = "is_read_only",
        ["mntr"] = "monitor",
        ["srvr"] = "server_stats",
        ["stat"] = "stats",
        ["srst"] = "stat_reset",
        ["wchc"] = "watches",
        ["wchp"] = "watches_by_path",
        ["wchs"] = "watch_summary",
        ["lead"] = "leader",
    };

    private static readonly string[] Names =
    [
        "configuration", "connection_stat_reset", "connections", "dirs", "dump", "environment", "get_trace_mask",
        "is_read_only", "leader", "monitor", "ruok", "server_stats", "stat_reset", "stats", "voting_view",
        "watch_summary", "watches", "watches_by_path", "zabstate",
    ];

    public async Task<HttpReply> HandleAsync(string path)
    {
        string trimmed = path.TrimEnd('/');
        if (trimmed is "" or "/commands")
        {
            var list = new JsonObject { ["commands"] = new JsonArray(Names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()) };
            return HttpReply.Json(200, list.ToJsonString());
        }

        if (!trimmed.StartsWith("/commands/", StringComparison.Ordinal))
        {
            return HttpReply.Json(404, """{"error":"not found"}""");
        }

        string name = trimmed["/commands/".Length..];
        name = Aliases.GetValueOrDefault(name, name);
        if (!Names.Contains(name))
        {
            return HttpReply.Json(404, new JsonObject { ["command"] = name, ["error"] = "Unknown command: " + name }.ToJsonString());
        }

        var body = await runner.QueryAsync(context => Execute(name, context)).ConfigureAwait(false);
        body["command"] = name;
        body["error"] = null;
        return HttpReply.Json(200, body.ToJsonString());
    }

    private static JsonObject Execute(string name, FourLetterContext context)
    {
        var core = context.Core;
        switch (name)
        {
            case "monitor":
                var monitor = new JsonObject();
                foreach (var (key, value) in MonitorValues.Collect(context))
                {
                    monitor[key] = value switch
                    {
                        int i => JsonValue.Create(i),
                        long l => JsonValue.Create(l),
                        double d => JsonValue.Create(d),
                        _ => JsonValue.Create(value.ToString()),
                    };
                }

                return monitor;
            case "ruok":
                return [];
            case "is_read_only":
                return new JsonObject { ["read_only"] = context.Mode == "read-only" };
            case "get_trace_mask":
                return new JsonObject { ["tracemask"] = context.Node.TraceMask };
            case "connection_stat_reset":
                core.Stats.ResetConnections();
                return [];
            case "stat_reset":
                core.Stats.Reset();
                return [];
            case "leader":
                return new JsonObject { ["is_leader"] = context.Mode == "leader", ["leader_id"] = context.Config.ServerId, ["leader_ip"] = context.Config.ClientPortAddress.ToString() };
            case "voting_view":
                // ZooKeeper's VotingViewCommand: the voting members by id, empty on a standalone server.
                var view = new JsonObject();
                foreach (var s in context.Config.Servers.Where(s => !s.IsObserver))
                {
                    view[s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = FormattableString.Invariant(
                        $"{s.Host}:{s.QuorumPort}:{s.ElectionPort}:participant;{s.ClientAddress?.ToString() ?? "0.0.0.0"}:{s.ClientPort ?? context.Config.ClientPort}");
                }

                return new JsonObject { ["current_config"] = view };
            case "zabstate":
                return new JsonObject { ["voting"] = context.Mode != "observer", ["zabstate"] = "BROADCAST" };
            case "watch_summary":
                var summary = core.Watches.GetSummary();
                return new JsonObject { ["num_connections"] = summary.Connections, ["num_paths"] = summary.Paths, ["num_total_watches"] = summary.TotalWatches };
            case "server_stats":
            case "stats":
                return new JsonObject
                {
                    ["version"] = context.VersionLine,
                    ["server_state"] = context.Mode,
                    ["node_count"] = core.Tree.NodeCount,
                    ["last_processed_zxid"] = core.LastZxid,
                    ["num_alive_client_connections"] = context.Loop.Connections.Count,
                    ["outstanding_requests"] = core.OutstandingRequests,
                    ["packets_received"] = core.Stats.PacketsReceived,
                    ["packets_sent"] = core.Stats.PacketsSent,
                    ["min_latency"] = core.Stats.Latency.Min,
                    ["avg_latency"] = core.Stats.Latency.Average,
                    ["max_latency"] = core.Stats.Latency.Max,
                };
            default:
                // The remaining commands carry the same text as their four-letter word.
                var word = FourLetterWordRunner.All.First(w => Aliases.GetValueOrDefault(w.Name, w.Name) == name || w.Name == name);
                return new JsonObject { ["output"] = word.Execute(context) };
        }
    }
}
