namespace Zk.Operator.Core.Desired;

/// <summary>Annotations the operator writes on the objects and pods it owns.</summary>
public static class ZkAnnotations
{
    private const string Prefix = "zookeeper.zkoperator.io/";

    /// <summary>Hash of the object as the operator rendered it (without replicas): a differing value means re-apply.</summary>
    public const string AppliedHash = Prefix + "applied-hash";

    /// <summary>Hash of the pod template a pod was created from: a differing value means the pod needs a restart.</summary>
    public const string TemplateHash = Prefix + "template-hash";

    /// <summary>Hash of zoo.cfg (not the membership) so a configuration change rolls the members.</summary>
    public const string ConfigHash = Prefix + "config-hash";

    /// <summary>spec.restartRequestedAt copied into the template so a new value rolls the members.</summary>
    public const string RestartRequestedAt = Prefix + "restart-requested-at";
}
