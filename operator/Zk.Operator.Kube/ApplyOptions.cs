namespace Zk.Operator.Kube;

/// <summary>
/// Server-side apply parameters. <see cref="Force"/> takes fields from other managers instead of
/// failing with a conflict; controllers normally force since they are the source of truth.
/// </summary>
public sealed record ApplyOptions(string FieldManager, bool Force = false);
