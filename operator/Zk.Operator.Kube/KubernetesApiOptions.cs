namespace Zk.Operator.Kube;

/// <summary>Retry limits and clock of <see cref="KubernetesApi"/> (the official client does not retry by itself).</summary>
public sealed record KubernetesApiOptions
{
    /// <summary>Attempts per request, the first included, for 429, 5xx and connection failures.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Delay before the first retry; doubles each time up to <see cref="MaxBackoff"/>, with jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A Retry-After longer than this is clipped so that a misbehaving server cannot park a reconcile.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long past its timeoutSeconds a silent watch stream is trusted before it is treated as a
    /// dead connection and reopened.
    /// </summary>
    public TimeSpan WatchStallMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Items per page of a list (the API's limit); the pages are followed with their continue tokens.</summary>
    public int ListPageSize { get; init; } = 500;

    /// <summary>Drives every backoff wait, so tests can run retries in simulated time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Jitter source; spreads retries of many clients hitting one overloaded server.</summary>
    public Random Random { get; init; } = Random.Shared;
}
