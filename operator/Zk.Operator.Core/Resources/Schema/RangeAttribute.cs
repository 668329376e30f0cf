namespace Zk.Operator.Core.Resources.Schema;

/// <summary>Inclusive bounds of an integer field (schema minimum/maximum).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class RangeAttribute(long minimum, long maximum = long.MaxValue) : Attribute
{
    public long Minimum { get; } = minimum;

    /// <summary><see cref="long.MaxValue"/> means unbounded.</summary>
    public long Maximum { get; } = maximum;
}
