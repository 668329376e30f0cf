namespace Zk.Operator.Core.Resources.Schema;

/// <summary>A CEL validation rule the API server evaluates (x-kubernetes-validations).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;
}
