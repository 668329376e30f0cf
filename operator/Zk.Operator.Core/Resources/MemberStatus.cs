using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>One member as reported in the status.</summary>
public sealed class MemberStatus
{
    [Required]
    [Description("Pod name.")]
    public string Name { get; set; } = string.Empty;

    [Description("Server id (myid).")]
    public int Id { get; set; }

    [Description("leader, follower, observer or unknown.")]
    public string Role { get; set; } = "unknown";

    [Description("Zxid the member reported when its role, readiness or epoch last changed, hex (not every transaction: that would rewrite the status on each).")]
    public string? Zxid { get; set; }

    [Description("True when the pod is ready and the member is synced with the leader.")]
    public bool Ready { get; set; }

    [Description("True when the member is expected (in the configuration or below its StatefulSet's size) but has no pod.")]
    public bool? Missing { get; set; }

    [Description("Since when the operator has seen the member not ready or missing (RFC 3339); absent while ready.")]
    [Format("date-time")]
    public string? NotReadySince { get; set; }
}
