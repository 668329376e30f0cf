namespace Zk.Operator.Kube.Models;

/// <summary>metav1.StatusDetails.</summary>
public sealed class StatusDetails
{
    public string? Name { get; set; }

    public string? Group { get; set; }

    public string? Kind { get; set; }

    public string? Uid { get; set; }

    public List<StatusCause>? Causes { get; set; }

    public int? RetryAfterSeconds { get; set; }
}
