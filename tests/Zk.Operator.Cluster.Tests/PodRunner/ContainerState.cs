namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>What kubelet reports of one container: the fields of a containerStatuses entry.</summary>
internal sealed class ContainerState(string name, string image)
{
    public string Name { get; } = name;

    public string Image { get; } = image;

    public int RestartCount { get; set; }

    public bool Ready { get; set; }

    public bool Started { get; set; }

    /// <summary>"waiting", "running" or "terminated".</summary>
    public string State { get; set; } = "waiting";

    public string Reason { get; set; } = "ContainerCreating";

    public string? Message { get; set; }

    public int? ExitCode { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public int? ProcessId { get; set; }
}
