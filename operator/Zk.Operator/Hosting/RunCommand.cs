using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Zk.Operator.Kube;

namespace Zk.Operator.Hosting;

/// <summary>
/// <c>zk-operator run</c> on the .NET Generic Host (<see cref="OperatorWeb"/>: /healthz and /readyz on the health port,
/// Prometheus /metrics on the metrics port): the controller and the elector as a hosted service, logs through ILogger's
/// JSON console formatter.
/// </summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(RunSettings settings, Func<string, string?> environment, CancellationToken stopping)
    {
        var config = KubeConfigLoader.Load(settings.Kubeconfig, environment);
        var lease = new LeaseIdentity(
            environment("POD_NAME") is { Length: > 0 } pod ? pod : $"{Environment.MachineName}-{Environment.ProcessId}",
            settings.LeaseNamespace
                ?? (environment("POD_NAMESPACE") is { Length: > 0 } ns ? ns : null)
                ?? (config.Namespace is { Length: > 0 } own ? own : "default"));
        using var api = KubernetesApi.Create(config);
        using var metrics = new OperatorMetrics();
        var state = new OperatorState(settings.LeaderElection);
        metrics.IsLeader = () => state.Leading;

        var endpoints = new HttpEndpoints(settings.HealthPort, settings.MetricsPort, LoopbackOnly: false);
        var builder = OperatorWeb.CreateBuilder(
            endpoints,
            OperatorMetrics.MeterName,
            lease.Identity,
            () => state.Ready ? null : state.Leading ? "caches not synced" : "standby: not the Lease holder");
        builder.Logging.AddJsonConsole();
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.Services.AddSingleton(api).AddSingleton(metrics).AddSingleton(state).AddSingleton(settings).AddSingleton(lease);
        builder.Services.AddSingleton(services => new JsonLog(services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(services => new OperatorHost(
            api,
            new OperatorHostOptions
            {
                Namespaces = settings.WatchNamespaces,
                Identity = lease.Identity,
                Workers = settings.Workers,
                Controller = new Controller.ControllerOptions { ClusterDomain = settings.ClusterDomain },
            },
            metrics,
            services.GetRequiredService<JsonLog>(),
            TimeProvider.System));
        builder.Services.AddHostedService<OperatorService>();
        var app = builder.Build().MapEndpoints(endpoints);
        app.Logger.LogInformation(
            "starting: server {Server}, identity {Identity}, leader election {LeaderElection}, lease {LeaseNamespace}/{LeaseName}, namespaces {Namespaces}",
            config.Host, lease.Identity, settings.LeaderElection, lease.Namespace, settings.LeaseName,
            settings.WatchNamespaces.Count == 0 ? "*" : string.Join(",", settings.WatchNamespaces));
        await app.StartAsync(CancellationToken.None);
        await using (stopping.Register(() => app.Lifetime.StopApplication()))
        {
            await app.WaitForShutdownAsync(CancellationToken.None);
        }

        await app.DisposeAsync();
        return state.ExitCode;
    }
}
