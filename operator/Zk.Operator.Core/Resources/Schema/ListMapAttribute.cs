namespace Zk.Operator.Core.Resources.Schema;

/// <summary>
/// A list whose items are identified by key fields (x-kubernetes-list-type: map), so server-side apply
/// merges items by key instead of replacing the list: conditions by type, members by name.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ListMapAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
