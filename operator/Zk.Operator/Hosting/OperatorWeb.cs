using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Zk.Operator.Hosting;

/// <summary>Where the HTTP endpoints listen: /healthz and /readyz on the health port, /metrics on the metrics port (0: none; may equal the health port).</summary>
/// <param name="LoopbackOnly">Listen on 127.0.0.1 only (<c>local</c>), else on every address (<c>run</c> in a pod).</param>
public sealed record HttpEndpoints(int HealthPort, int MetricsPort, bool LoopbackOnly);

/// <summary>
/// The one home of the operator's HTTP side, for <c>run</c> and <c>local</c>: the .NET Generic Host (ASP.NET Core's
/// WebApplication) with Kestrel on <see cref="HttpEndpoints"/>, /healthz (alive) and /readyz (the given check) as health
/// checks, and Prometheus /metrics from the <see cref="OperatorMetrics"/> meter through OpenTelemetry's exporter
/// (counter zk_operator_reconcile becomes zk_operator_reconcile_total, the histogram zk_operator_reconcile_duration_seconds).
/// </summary>
public static class OperatorWeb
{
    /// <summary>A builder with the listeners, the exporter and the health checks; the caller adds its services.</summary>
    /// <param name="readiness">Null when ready, else why not (the /readyz answer).</param>
    public static WebApplicationBuilder CreateBuilder(HttpEndpoints endpoints, string meterName, string serviceInstanceId, Func<string?> readiness)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, endpoints.HealthPort, endpoints.LoopbackOnly);
            if (endpoints.MetricsPort > 0 && endpoints.MetricsPort != endpoints.HealthPort)
            {
                Listen(kestrel, endpoints.MetricsPort, endpoints.LoopbackOnly);
            }
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("zk-operator", serviceInstanceId: serviceInstanceId))
            .WithMetrics(meters => meters.AddMeter(meterName).AddPrometheusExporter());
        builder.Services.AddHealthChecks()
            .AddCheck("ready", () => readiness() is { } why ? HealthCheckResult.Unhealthy(why) : HealthCheckResult.Healthy(), ["ready"]);
        return builder;
    }

    /// <summary>Maps /healthz, /readyz and (with a metrics port) /metrics, each only on its own port.</summary>
    public static WebApplication MapEndpoints(this WebApplication app, HttpEndpoints endpoints)
    {
        var healthHost = $"*:{endpoints.HealthPort}";
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).RequireHost(healthHost);
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).RequireHost(healthHost);
        if (endpoints.MetricsPort > 0)
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{endpoints.MetricsPort}");
        }

        return app;
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, int port, bool loopbackOnly)
    {
        if (loopbackOnly)
        {
            kestrel.Listen(IPAddress.Loopback, port);
        }
        else
        {
            kestrel.ListenAnyIP(port);
        }
    }
}
