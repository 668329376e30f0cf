namespace Zk.Operator.Kube.Models;

/// <summary>metav1.DeleteOptions, sent as the DELETE request body.</summary>
public sealed class DeleteOptions
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "DeleteOptions";

    /// <summary>One of <see cref="PropagationPolicy"/>'s values.</summary>
    public string? PropagationPolicy { get; set; }

    public Preconditions? Preconditions { get; set; }

    public long? GracePeriodSeconds { get; set; }
}
