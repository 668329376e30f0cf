using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>Compute resources of the zookeeper container (core/v1 ResourceRequirements, without claims).</summary>
public sealed class ResourceRequirements
{
    [Description("Minimum resources the scheduler reserves, e.g. cpu: 500m, memory: 1Gi.")]
    public Dictionary<string, Quantity>? Requests { get; set; }

    [Description("Maximum resources the container may use.")]
    public Dictionary<string, Quantity>? Limits { get; set; }
}
