using System.Text.Json.Serialization;

namespace Zk.Operator.Core.Resources;

/// <summary>What happens to a member's volume when the member is scaled away or the ensemble is deleted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReclaimPolicy>))]
public enum ReclaimPolicy
{
    Retain,
    Delete,
}
