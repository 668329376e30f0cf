namespace Zk.Operator.Core.Resources.Schema;

/// <summary>Marks the root type of a custom resource and names it the way the API server will.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KubernetesEntityAttribute(string group, string version, string kind, string plural) : Attribute
{
    public string Group { get; } = group;

    public string Version { get; } = version;

    public string Kind { get; } = kind;

    public string Plural { get; } = plural;

    /// <summary>Namespaced unless set to "Cluster".</summary>
    public string Scope { get; init; } = "Namespaced";
}
