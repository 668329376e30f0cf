using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>How long the operator waits on one member before it says the ensemble is stuck.</summary>
public sealed class RollingUpdateSpec
{
    public const int DefaultPodReadyTimeoutSeconds = 600;

    [Description("Seconds a member may be not ready, or expected but without a pod (say, not recreated for lack of quota), before the ensemble reports Degraded (reason PodNotReady or PodMissing, naming the pod) with a Warning event. Restarts and membership changes wait for the member either way and resume when it recovers.")]
    [Range(30, 86400)]
    [Default(DefaultPodReadyTimeoutSeconds)]
    public int PodReadyTimeoutSeconds { get; set; } = DefaultPodReadyTimeoutSeconds;
}
