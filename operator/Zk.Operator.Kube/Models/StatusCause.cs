namespace Zk.Operator.Kube.Models;

/// <summary>metav1.StatusCause: which field an error (e.g. an apply conflict) is about.</summary>
public sealed class StatusCause
{
    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? Field { get; set; }
}
