using System.Text.Json.Serialization;

namespace Zk.Operator.Kube.Models;

/// <summary>coordination.k8s.io/v1 LeaseSpec.</summary>
public sealed class LeaseSpec
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }
}
