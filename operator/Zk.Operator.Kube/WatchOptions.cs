namespace Zk.Operator.Kube;

/// <summary>Parameters of <see cref="IKubeApi.WatchAsync"/>.</summary>
public sealed record WatchOptions
{
    public string? LabelSelector { get; init; }

    /// <summary>Where to resume; null lists first (and yields <see cref="WatchUpdateKind.Listed"/>).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>How long the server keeps one watch request open before the client reconnects.</summary>
    public int TimeoutSeconds { get; init; } = 300;
}
