using System.Text.Json.Serialization;

namespace Zk.Operator.Core.Resources;

/// <summary>A one-word summary for kubectl get; the conditions carry the detail.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EnsemblePhase>))]
public enum EnsemblePhase
{
    Pending,
    Creating,
    Running,
    Scaling,
    Restarting,
    Degraded,
    Invalid,
}
