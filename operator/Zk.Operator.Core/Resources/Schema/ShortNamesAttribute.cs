namespace Zk.Operator.Core.Resources.Schema;

/// <summary>kubectl short names of a custom resource (e.g. <c>zke</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ShortNamesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
