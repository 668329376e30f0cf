namespace Zk.Operator.Core.Resources;

/// <summary>The condition types of a ZkEnsemble (the Deployment-style trio).</summary>
public static class ConditionTypes
{
    /// <summary>A quorum is serving clients.</summary>
    public const string Available = "Available";

    /// <summary>The operator is changing something (creating, scaling, restarting).</summary>
    public const string Progressing = "Progressing";

    /// <summary>The spec is invalid or members are unhealthy.</summary>
    public const string Degraded = "Degraded";
}
