namespace Zk.Operator.Core.Resources.Schema;

/// <summary>
/// An open object the operator passes through to Kubernetes unchanged (e.g. affinity): the API server
/// validates it when the pod is created, so the CRD does not duplicate the core schema.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
