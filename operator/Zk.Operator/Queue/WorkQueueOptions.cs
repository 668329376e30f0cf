namespace Zk.Operator.Queue;

/// <summary>Per-key retry backoff of a <see cref="WorkQueue"/>: Initial × 2^failures, capped at Max.</summary>
public sealed record WorkQueueOptions
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Drives every delayed add and the resync timer; tests pass a manual clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
