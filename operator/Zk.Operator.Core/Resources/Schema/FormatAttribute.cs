namespace Zk.Operator.Core.Resources.Schema;

/// <summary>An OpenAPI format of a string field, e.g. "date-time".</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class FormatAttribute(string format) : Attribute
{
    public string Format { get; } = format;
}
