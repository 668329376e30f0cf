using System.Text.Json.Serialization;

namespace Zk.Operator.Kube.Models;

/// <summary>
/// Source-generated serializers for the typed models. Kubernetes spells fields in camelCase and
/// treats an absent field as unset, so nulls are not written (writing null would clear a field
/// under merge patch and claim it under server-side apply).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(ListMeta))]
[JsonSerializable(typeof(ApiStatus))]
[JsonSerializable(typeof(WatchEvent))]
[JsonSerializable(typeof(Condition))]
[JsonSerializable(typeof(List<Condition>))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(DeleteOptions))]
[JsonSerializable(typeof(ResourceListBody))]
[JsonSerializable(typeof(OwnerReference))]
public sealed partial class KubeJsonContext : JsonSerializerContext;
