namespace Zk.Operator.Kube.Informer;

/// <summary>What a <see cref="ResourceInformer"/> watches and how it backs off after errors.</summary>
public sealed record InformerOptions
{
    public string? LabelSelector { get; init; }

    public int WatchTimeoutSeconds { get; init; } = 300;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
