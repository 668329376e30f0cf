using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Zk.Operator.Kube;

namespace Zk.Operator.Hosting;

/// <summary>
/// <c>zk-operator run</c> on the .NET Generic Host (ASP.NET Core's WebApplication): the controller and the elector
/// as a hosted service, /healthz and /readyz as health checks on the health port, Prometheus /metrics on the
/// metrics port (System.Diagnostics.Metrics exported by OpenTelemetry), logs through ILogger's JSON console formatter.
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

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(settings.HealthPort);
            if (settings.MetricsPort > 0 && settings.MetricsPort != settings.HealthPort)
            {
                kestrel.ListenAnyIP(settings.MetricsPort);
            }
        });
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
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("zk-operator", serviceInstanceId: lease.Identity))
            .WithMetrics(meters => meters.AddMeter(OperatorMetrics.MeterName).AddPrometheusExporter());
        builder.Services.AddHostedService<OperatorService>();
        builder.Services.AddHealthChecks()
            .AddCheck("leader-and-synced", () => state.Ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(state.Leading ? "caches not synced" : "standby: not the Lease holder"), ["ready"]);

        var app = builder.Build();
        var healthHost = $"*:{settings.HealthPort}";
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).RequireHost(healthHost);
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).RequireHost(healthHost);
        if (settings.MetricsPort > 0)
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{settings.MetricsPort}");
        }

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
