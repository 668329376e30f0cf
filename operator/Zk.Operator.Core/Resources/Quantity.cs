using System.Text.Json.Serialization;

namespace Zk.Operator.Core.Resources;

/// <summary>
/// A Kubernetes resource quantity (<c>10Gi</c>, <c>500m</c>, <c>2</c>) kept as written: users may
/// write it as a YAML number or string (x-kubernetes-int-or-string), the operator passes it through.
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly record struct Quantity(string Value)
{
    public override string ToString() => Value;

    public static implicit operator Quantity(string value) => new(value);
}
