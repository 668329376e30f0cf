using System.Text.Json.Serialization;

namespace Zk.Operator.Kube.Models;

/// <summary>metav1.ObjectMeta, only the fields the operator reads or writes.</summary>
public sealed class ObjectMeta
{
    public string? Name { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public long? Generation { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public List<OwnerReference>? OwnerReferences { get; set; }

    public List<string>? Finalizers { get; set; }

    [JsonConverter(typeof(KubeTimeConverter))]
    public DateTimeOffset? DeletionTimestamp { get; set; }

    [JsonConverter(typeof(KubeTimeConverter))]
    public DateTimeOffset? CreationTimestamp { get; set; }
}
