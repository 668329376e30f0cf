namespace Zk.Operator.Core.Resources.Schema;

/// <summary>
/// Bounds the size of a string (minLength/maxLength), list (minItems/maxItems) or map
/// (minProperties/maxProperties). CEL rules need these bounds to stay within the cost budget.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class LengthAttribute(int minimum, int maximum) : Attribute
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;
}
