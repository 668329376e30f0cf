using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Zk.Operator.Kube;

namespace Zk.Operator.Hosting;

/// <summary>
/// <c>zk-operator run [--kubeconfig F] [--namespace N ...] [--leader-elect=true|false] [--metrics-port P] [--health-port P]</c>:
/// the operator in (or against) a cluster. With leader election (the default) only the holder of the
/// Lease reconciles; a replica that loses the Lease exits so it restarts clean, as client-go's do.
/// </summary>
public static class RunCommand
{
    public const string LeaseName = "zk-operator-leader";

    public static async Task<int> RunAsync(CommandLine line, JsonLog log, CancellationToken stopping)
    {
        line.RejectUnknown("kubeconfig", "namespace", "leader-elect", "metrics-port", "health-port", "workers");
        var time = TimeProvider.System;
        var config = KubeConfigLoader.Load(line.Get("kubeconfig"));
        bool leaderElect = line.GetBool("leader-elect", true);
        int metricsPort = line.GetInt("metrics-port", 8080, 0, 65535);
        int healthPort = line.GetInt("health-port", 8081, 0, 65535);
        string identity = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod
            ? pod
            : $"{Environment.MachineName}-{Environment.ProcessId}";
        string leaseNamespace = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : config.Namespace is { Length: > 0 } own ? own : "default";

        using var api = KubernetesApi.Create(config, new KubernetesApiOptions { TimeProvider = time });
        var metrics = new OperatorMetrics();
        var host = new OperatorHost(
            api,
            new OperatorHostOptions
            {
                Namespaces = line.GetAll("namespace"),
                Identity = identity,
                Workers = line.GetInt("workers", 2, 1, 64),
            },
            metrics,
            log,
            time);

        LeaderElector? elector = leaderElect
            ? new LeaderElector(new LeaderElectionConfig(new LeaseLock(api.Client, leaseNamespace, LeaseName, identity)))
            : null;
        metrics.IsLeader = () => elector?.IsLeader() ?? true;

        // A standby replica is ready (it is doing its job: waiting); the leader once its caches are loaded.
        await using var http = new HealthServer(() => (elector is not null && !elector.IsLeader()) || host.Synced, metrics.Render, log.For("http"));
        StartEndpoints(http, metricsPort, healthPort);
        log.Info("starting", ("server", config.Host), ("identity", identity), ("leaderElect", leaderElect), ("leaseNamespace", leaseNamespace));

        if (elector is null)
        {
            await host.RunAsync(stopping);
            return 0;
        }

        Task leading = Task.CompletedTask;
        elector.OnNewLeader += holder => log.Info("leader observed", ("holder", holder));
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        elector.OnStartedLeading += () =>
        {
            log.Info("started leading", ("identity", identity));
            leading = host.RunAsync(leadership.Token);
        };
        elector.OnStoppedLeading += () =>
        {
            log.Info("stopped leading", ("identity", identity));
            leadership.Cancel();
        };
        try
        {
            await elector.RunUntilLeadershipLostAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await leadership.CancelAsync();
        await leading;
        if (stopping.IsCancellationRequested)
        {
            return 0;
        }

        log.Error("leadership lost, exiting", ("identity", identity));
        return 1;
    }

    private static void StartEndpoints(HealthServer http, int metricsPort, int healthPort)
    {
        if (metricsPort > 0 && metricsPort == healthPort)
        {
            http.Listen("+", metricsPort, "/healthz", "/readyz", "/metrics");
            return;
        }

        if (healthPort > 0)
        {
            http.Listen("+", healthPort, "/healthz", "/readyz");
        }

        if (metricsPort > 0)
        {
            http.Listen("+", metricsPort, "/metrics");
        }
    }
}
