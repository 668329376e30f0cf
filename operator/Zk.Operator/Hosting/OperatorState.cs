namespace Zk.Operator.Hosting;

/// <summary>What /readyz and the leader gauge report: ready only while this replica may reconcile and its caches are synced.</summary>
public sealed class OperatorState(bool leaderElection)
{
    private volatile bool _leading;

    public bool LeaderElection { get; } = leaderElection;

    /// <summary>Holds the Lease (always true without election).</summary>
    public bool Leading
    {
        get => !LeaderElection || _leading;
        set => _leading = value;
    }

    public Func<bool> Synced { get; set; } = () => false;

    public bool Ready => Leading && Synced();

    /// <summary>Set when the process should end with a failure (leadership lost), read by the host's caller.</summary>
    public int ExitCode { get; set; }
}
