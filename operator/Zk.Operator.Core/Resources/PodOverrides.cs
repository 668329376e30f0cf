using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>Pod settings merged into the members' pod template; scheduling fields pass through unchanged.</summary>
public sealed class PodOverrides
{
    [Description("Extra labels on member pods. The app.kubernetes.io/* labels the operator selects on cannot be overridden.")]
    public Dictionary<string, string>? Labels { get; set; }

    [Description("Extra annotations on member pods.")]
    public Dictionary<string, string>? Annotations { get; set; }

    [Description("Pod affinity (core/v1 Affinity). Replaces the default preferred anti-affinity that spreads members over nodes.")]
    [PreserveUnknownFields]
    public JsonObject? Affinity { get; set; }

    [Description("Tolerations (core/v1 Toleration).")]
    public List<JsonObject>? Tolerations { get; set; }

    [Description("Node labels a member's node must have.")]
    public Dictionary<string, string>? NodeSelector { get; set; }

    [Description("Topology spread constraints (core/v1 TopologySpreadConstraint).")]
    public List<JsonObject>? TopologySpreadConstraints { get; set; }

    [Description("Pod security context (core/v1 PodSecurityContext), merged over the operator's non-root defaults.")]
    [PreserveUnknownFields]
    public JsonObject? SecurityContext { get; set; }

    [Description("PriorityClass of member pods.")]
    public string? PriorityClassName { get; set; }
}
