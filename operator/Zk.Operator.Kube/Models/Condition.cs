using System.Text.Json.Serialization;

namespace Zk.Operator.Kube.Models;

/// <summary>metav1.Condition, as used in the ZkEnsemble status.</summary>
public sealed class Condition
{
    public string Type { get; set; } = "";

    /// <summary>"True", "False" or "Unknown".</summary>
    public string Status { get; set; } = "Unknown";

    public long? ObservedGeneration { get; set; }

    [JsonConverter(typeof(KubeTimeConverter))]
    public DateTimeOffset LastTransitionTime { get; set; }

    public string Reason { get; set; } = "";

    public string Message { get; set; } = "";
}
