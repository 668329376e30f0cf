namespace Zk.Operator.Core.Resources.Schema;

/// <summary>The field must be present (listed in its object's required array).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class RequiredAttribute : Attribute;
