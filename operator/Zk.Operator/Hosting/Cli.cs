using System.CommandLine;
using System.CommandLine.Parsing;
using Zk.Operator.Kube;

namespace Zk.Operator.Hosting;

/// <summary>
/// The <c>zk-operator</c> command line on System.CommandLine: <c>run</c>, <c>crd</c>, <c>local</c>, each with
/// <c>--help</c>, and <c>--version</c>. Parse errors and <see cref="UserError"/>s are one line on stderr and exit 2.
/// </summary>
public static class Cli
{
    public const int UsageExit = 2;

    private static readonly string[] RunFlags =
        ["watch-namespaces", "leader-election", "lease-name", "lease-namespace", "metrics-port", "health-port", "log-level", "cluster-domain", "kubeconfig", "workers"];

    private static readonly (string Name, string Help)[] LocalFlags =
    [
        ("replicas", "voting members (default 1)"),
        ("observers", "observers (default 0)"),
        ("base-port", "first client port (default 2181)"),
        ("data", "data directory (default .data/local)"),
        ("name", "ensemble name (default local)"),
        ("metrics-port", "serve /metrics on this port (default off)"),
        ("file", "the ZkEnsemble manifest to run and follow (written from the flags when missing)"),
    ];

    /// <summary>Parses and runs; returns the exit code. <paramref name="environment"/> feeds the run options' variables.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, CancellationToken stopping)
    {
        var root = Build(stdout, environment);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var messages = parsed.Errors.Select(e => e.Message.Split('\n')[0].Trim()).Distinct(StringComparer.Ordinal);
            await stderr.WriteLineAsync("zk-operator: " + string.Join(" ", messages) + " (see --help)");
            return UsageExit;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, stopping);
        }
        catch (Exception e) when (e is UserError or KubeConfigurationException or FormatException)
        {
            await stderr.WriteLineAsync("zk-operator: " + e.Message.Split('\n')[0].Trim());
            return UsageExit;
        }
    }

    private static RootCommand Build(TextWriter stdout, Func<string, string?> environment)
    {
        var root = new RootCommand("zk-operator: runs ZooKeeper-compatible ensembles (ZkEnsemble resources) on Kubernetes or as local processes.");

        var run = new Command("run", "Reconcile ZkEnsembles in a cluster. Every option also reads the ZK_OPERATOR_* variable named in its help; the flag wins.");
        var runOptions = RunFlags.ToDictionary(f => f, f => new Option<string?>("--" + f) { Description = RunHelp(f) });
        foreach (var option in runOptions.Values)
        {
            run.Add(option);
        }

        run.SetAction(async (result, token) =>
        {
            var settings = RunSettings.Resolve(flag => result.GetValue(runOptions[flag]), environment);
            return await RunCommand.RunAsync(settings, environment, token);
        });
        root.Add(run);

        var crd = new Command("crd", "Print the ZkEnsemble CustomResourceDefinition generated from the C# types, or write it to a file.");
        var output = new Option<string?>("--output") { Description = "write to this file instead of stdout" };
        crd.Add(output);
        crd.SetAction(result => CrdCommand.Run(result.GetValue(output), stdout));
        root.Add(crd);

        var local = new Command("local", "Run one ensemble as local zknode processes with the same controller (no Kubernetes).");
        var localOptions = LocalFlags.Select(f => new Option<string?>("--" + f.Name) { Description = f.Help }).ToList();
        var config = new Option<string[]>("--config") { Description = "zoo.cfg setting key=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        localOptions.ForEach(local.Add);
        local.Add(config);
        local.SetAction(async (result, token) =>
        {
            // The existing flag reader keeps its range checks; System.CommandLine has already refused unknown flags.
            var line = CommandLine.Parse(["local", .. result.Tokens.Where(t => t.Type != TokenType.Command).Select(t => t.Value)], new HashSet<string>());
            return await LocalCommand.RunAsync(line, new JsonLog(stdout, TimeProvider.System), stdout, token);
        });
        root.Add(local);
        return root;
    }

    private static string RunHelp(string flag) => flag switch
    {
        "watch-namespaces" => "comma-separated namespaces to watch; empty watches all (ZK_OPERATOR_WATCH_NAMESPACES)",
        "leader-election" => "true|false, default true; false makes no Lease calls and reconciles at once (ZK_OPERATOR_LEADER_ELECTION)",
        "lease-name" => "default zk-operator-leader (ZK_OPERATOR_LEASE_NAME)",
        "lease-namespace" => "default POD_NAMESPACE, then the kubeconfig namespace, then default (ZK_OPERATOR_LEASE_NAMESPACE)",
        "metrics-port" => "Prometheus /metrics, default 8080, 0 turns it off (ZK_OPERATOR_METRICS_PORT)",
        "health-port" => "/healthz and /readyz, default 8081 (ZK_OPERATOR_HEALTH_PORT)",
        "log-level" => "Trace|Debug|Information|Warning|Error (ZK_OPERATOR_LOG_LEVEL)",
        "cluster-domain" => "default cluster.local (ZK_OPERATOR_CLUSTER_DOMAIN)",
        "kubeconfig" => "default: in-cluster, else KUBECONFIG, else ~/.kube/config",
        "workers" => "ensembles reconciled at once, 1-64, default 2",
        _ => flag,
    };
}
