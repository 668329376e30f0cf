using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>A status condition shaped like metav1.Condition.</summary>
public sealed class Condition
{
    [Required]
    [Description("Available, Progressing or Degraded.")]
    public string Type { get; set; } = string.Empty;

    [Required]
    [Description("True, False or Unknown.")]
    public string Status { get; set; } = ConditionStatus.Unknown;

    [Description("The metadata.generation the condition was set for.")]
    public long ObservedGeneration { get; set; }

    [Required]
    [Description("When the status last changed (RFC 3339).")]
    [Format("date-time")]
    public string LastTransitionTime { get; set; } = string.Empty;

    [Required]
    [Description("CamelCase reason for the last transition.")]
    public string Reason { get; set; } = string.Empty;

    [Required]
    [Description("Human-readable detail.")]
    public string Message { get; set; } = string.Empty;

    public Condition Clone() => (Condition)MemberwiseClone();
}
