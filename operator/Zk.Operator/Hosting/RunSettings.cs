using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Zk.Operator.Hosting;

/// <summary>
/// The options of <c>zk-operator run</c>, each settable by flag and by the environment variable the Helm chart
/// sets (the flag wins), validated at start: a bad value is a <see cref="UserError"/> naming the flag, the
/// variable and the value.
/// </summary>
public sealed record RunSettings
{
    public const string DefaultLeaseName = "zk-operator-leader";

    /// <summary>Empty: every namespace, cluster-wide. Otherwise one informer per namespace, nothing else listed.</summary>
    public IReadOnlyList<string> WatchNamespaces { get; init; } = [];

    public bool LeaderElection { get; init; } = true;

    public string LeaseName { get; init; } = DefaultLeaseName;

    /// <summary>Null: POD_NAMESPACE, then the kubeconfig's namespace, then default (resolved once the config is loaded).</summary>
    public string? LeaseNamespace { get; init; }

    /// <summary>0 turns metrics off.</summary>
    public int MetricsPort { get; init; } = 8080;

    public int HealthPort { get; init; } = 8081;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>Null: in-cluster, else KUBECONFIG, else ~/.kube/config.</summary>
    public string? Kubeconfig { get; init; }

    public int Workers { get; init; } = 2;

    /// <summary>The flag's value when given, else the environment variable's, then parsed and checked.</summary>
    public static RunSettings Resolve(Func<string, string?> flag, Func<string, string?> environment)
    {
        string? Get(string name, string variable) => flag(name) ?? (environment(variable) is { Length: > 0 } v ? v : null);

        var settings = new RunSettings();
        if (Get("watch-namespaces", "ZK_OPERATOR_WATCH_NAMESPACES") is { } namespaces)
        {
            var list = namespaces.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var ns in list)
            {
                Check(IsDnsLabel(ns), "watch-namespaces", "ZK_OPERATOR_WATCH_NAMESPACES", namespaces, $"'{ns}' is not a namespace name");
            }

            settings = settings with { WatchNamespaces = [.. list.Distinct(StringComparer.Ordinal)] };
        }

        if (Get("leader-election", "ZK_OPERATOR_LEADER_ELECTION") is { } election)
        {
            bool? parsed = election.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };
            Check(parsed is not null, "leader-election", "ZK_OPERATOR_LEADER_ELECTION", election, "must be true or false");
            settings = settings with { LeaderElection = parsed!.Value };
        }

        if (Get("lease-name", "ZK_OPERATOR_LEASE_NAME") is { } leaseName)
        {
            Check(IsDnsSubdomain(leaseName), "lease-name", "ZK_OPERATOR_LEASE_NAME", leaseName, "is not an object name");
            settings = settings with { LeaseName = leaseName };
        }

        if (Get("lease-namespace", "ZK_OPERATOR_LEASE_NAMESPACE") is { } leaseNamespace)
        {
            Check(IsDnsLabel(leaseNamespace), "lease-namespace", "ZK_OPERATOR_LEASE_NAMESPACE", leaseNamespace, "is not a namespace name");
            settings = settings with { LeaseNamespace = leaseNamespace };
        }

        settings = settings with
        {
            MetricsPort = Port(Get("metrics-port", "ZK_OPERATOR_METRICS_PORT"), "metrics-port", "ZK_OPERATOR_METRICS_PORT", settings.MetricsPort),
            HealthPort = Port(Get("health-port", "ZK_OPERATOR_HEALTH_PORT"), "health-port", "ZK_OPERATOR_HEALTH_PORT", settings.HealthPort),
        };
        Check(settings.HealthPort > 0, "health-port", "ZK_OPERATOR_HEALTH_PORT", "0", "must be a port from 1 to 65535 (the probes need it)");

        if (Get("log-level", "ZK_OPERATOR_LOG_LEVEL") is { } level)
        {
            bool known = Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed) && parsed is >= LogLevel.Trace and <= LogLevel.Error;
            Check(known, "log-level", "ZK_OPERATOR_LOG_LEVEL", level, "must be Trace, Debug, Information, Warning or Error");
            settings = settings with { LogLevel = parsed };
        }

        if (Get("cluster-domain", "ZK_OPERATOR_CLUSTER_DOMAIN") is { } domain)
        {
            Check(IsDnsSubdomain(domain), "cluster-domain", "ZK_OPERATOR_CLUSTER_DOMAIN", domain, "is not a DNS domain");
            settings = settings with { ClusterDomain = domain };
        }

        if (flag("workers") is { } workers)
        {
            bool ok = int.TryParse(workers, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count is >= 1 and <= 64;
            Check(ok, "workers", null, workers, "must be an integer from 1 to 64");
            settings = settings with { Workers = count };
        }

        return settings with { Kubeconfig = flag("kubeconfig") };
    }

    private static int Port(string? text, string flag, string variable, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        bool ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is >= 0 and <= 65535;
        Check(ok, flag, variable, text, "must be a port from 0 to 65535");
        return port;
    }

    private static void Check(bool ok, string flag, string? variable, string value, string problem)
    {
        if (!ok)
        {
            var source = variable is null ? $"--{flag}" : $"--{flag} / {variable}";
            throw new UserError($"{source}: '{value}' {problem}");
        }
    }

    private static bool IsDnsLabel(string text) =>
        text.Length is > 0 and <= 63 && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && text[0] != '-' && text[^1] != '-';

    private static bool IsDnsSubdomain(string text) =>
        text.Length is > 0 and <= 253 && text.Split('.').All(IsDnsLabel);
}
