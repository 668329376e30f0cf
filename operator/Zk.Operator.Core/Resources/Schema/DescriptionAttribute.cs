namespace Zk.Operator.Core.Resources.Schema;

/// <summary>The schema description kubectl explain shows for a type or field.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property | AttributeTargets.Enum, Inherited = false)]
public sealed class DescriptionAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}
