namespace Zk.Operator.Kube.LeaderElection;

/// <summary>
/// client-go's defaults: a holder that has not renewed for <see cref="LeaseDuration"/> may be
/// replaced; the holder itself gives up after failing to renew for <see cref="RenewDeadline"/>,
/// which must be shorter so that it stops before anyone else can start; every attempt is
/// <see cref="RetryPeriod"/> apart.
/// </summary>
public sealed record LeaderElectionConfig
{
    public required string LeaseName { get; init; }

    public required string LeaseNamespace { get; init; }

    /// <summary>Unique per candidate, usually the pod name.</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On cancellation, clear the holder so a successor need not wait for expiry.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    internal void Validate()
    {
        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException("LeaseDuration must be greater than RenewDeadline");
        }

        if (RenewDeadline <= RetryPeriod)
        {
            throw new ArgumentException("RenewDeadline must be greater than RetryPeriod");
        }

        if (RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException("RetryPeriod must be positive");
        }
    }
}
