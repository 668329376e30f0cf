using Microsoft.Extensions.Logging;
using Zk.Operator.Hosting;

namespace Zk.Operator.Tests.Hosting;

public sealed class RunSettingsTests
{
    private static readonly Dictionary<string, string> ChartEnvironment = new()
    {
        ["ZK_OPERATOR_WATCH_NAMESPACES"] = "team-a, team-b",
        ["ZK_OPERATOR_LEADER_ELECTION"] = "false",
        ["ZK_OPERATOR_LEASE_NAME"] = "my-lease",
        ["ZK_OPERATOR_LEASE_NAMESPACE"] = "ops",
        ["ZK_OPERATOR_METRICS_PORT"] = "0",
        ["ZK_OPERATOR_HEALTH_PORT"] = "9000",
        ["ZK_OPERATOR_LOG_LEVEL"] = "Debug",
        ["ZK_OPERATOR_CLUSTER_DOMAIN"] = "example.internal",
    };

    [Fact]
    public void Defaults_hold_without_flags_or_environment()
    {
        var settings = RunSettings.Resolve(_ => null, _ => null);

        Assert.Empty(settings.WatchNamespaces);
        Assert.True(settings.LeaderElection);
        Assert.Equal("zk-operator-leader", settings.LeaseName);
        Assert.Null(settings.LeaseNamespace);
        Assert.Equal(8080, settings.MetricsPort);
        Assert.Equal(8081, settings.HealthPort);
        Assert.Equal(LogLevel.Information, settings.LogLevel);
        Assert.Equal("cluster.local", settings.ClusterDomain);
    }

    [Fact]
    public void Every_chart_variable_is_read()
    {
        var settings = RunSettings.Resolve(_ => null, ChartEnvironment.GetValueOrDefault);

        Assert.Equal(["team-a", "team-b"], settings.WatchNamespaces);
        Assert.False(settings.LeaderElection);
        Assert.Equal("my-lease", settings.LeaseName);
        Assert.Equal("ops", settings.LeaseNamespace);
        Assert.Equal(0, settings.MetricsPort);
        Assert.Equal(9000, settings.HealthPort);
        Assert.Equal(LogLevel.Debug, settings.LogLevel);
        Assert.Equal("example.internal", settings.ClusterDomain);
    }

    [Fact]
    public void A_flag_wins_over_its_variable()
    {
        var flags = new Dictionary<string, string> { ["watch-namespaces"] = "only", ["leader-election"] = "true", ["health-port"] = "7000" };

        var settings = RunSettings.Resolve(flags.GetValueOrDefault, ChartEnvironment.GetValueOrDefault);

        Assert.Equal(["only"], settings.WatchNamespaces);
        Assert.True(settings.LeaderElection);
        Assert.Equal(7000, settings.HealthPort);
        Assert.Equal("my-lease", settings.LeaseName);
    }
}
