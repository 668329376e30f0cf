namespace Zk.Operator.Core.Resources.Schema;

/// <summary>
/// The value the API server fills in when the field is absent (schema default). Use a string, number or
/// bool; "{}" stands for an empty object so nested defaults apply.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class DefaultAttribute(object value) : Attribute
{
    public const string EmptyObject = "{}";

    public object Value { get; } = value;
}
