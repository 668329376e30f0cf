namespace Zk.Operator.Controller;

/// <summary>Requeue delays of <see cref="ZkEnsembleController"/>, and the cluster it names members in.</summary>
public sealed record ControllerOptions
{
    /// <summary>The cluster's DNS domain (--cluster-domain): members are NAME-N.NAME-hs.NS.svc.DOMAIN.</summary>
    public string ClusterDomain { get; init; } = Core.Desired.EnsembleNames.DefaultClusterDomain;

    /// <summary>After executing a step: look again soon to confirm it and plan the next.</summary>
    public TimeSpan AfterStep { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>While waiting on the world (pods starting, a member syncing).</summary>
    public TimeSpan WhileWaiting { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After a 409: someone else wrote first, read again almost at once.</summary>
    public TimeSpan AfterConflict { get; init; } = TimeSpan.FromMilliseconds(200);
}
