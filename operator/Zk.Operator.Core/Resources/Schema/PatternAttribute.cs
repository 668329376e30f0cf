namespace Zk.Operator.Core.Resources.Schema;

/// <summary>An ECMA-262 regular expression a string field must match (schema pattern).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class PatternAttribute(string regex) : Attribute
{
    public string Regex { get; } = regex;
}
