namespace Zk.Operator.Kube.Models;

/// <summary>
/// metav1.Status, the body of every API error (and of some successful deletes). Named ApiStatus
/// because a member may not share its type's name and <see cref="Status"/> is the wire field.
/// </summary>
public sealed class ApiStatus
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    /// <summary>"Success" or "Failure".</summary>
    public string? Status { get; set; }

    public string? Message { get; set; }

    /// <summary>Machine-readable cause, e.g. Conflict, NotFound, AlreadyExists, Expired, TooManyRequests.</summary>
    public string? Reason { get; set; }

    public StatusDetails? Details { get; set; }

    public int? Code { get; set; }
}
