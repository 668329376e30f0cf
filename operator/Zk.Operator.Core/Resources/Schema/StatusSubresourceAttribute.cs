namespace Zk.Operator.Core.Resources.Schema;

/// <summary>Enables the status subresource: users write spec, only the operator writes status.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StatusSubresourceAttribute : Attribute;
