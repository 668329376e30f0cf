namespace Zk.Operator.Core.Resources;

/// <summary>One invalid field, with its JSON path (e.g. <c>spec.replicas</c>) like the API server reports.</summary>
public sealed record FieldError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
