using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Informer;

/// <summary>
/// One cache change. <see cref="Key"/> is "namespace/name"; <see cref="Object"/> is the new state,
/// or for <see cref="ResourceChangeType.Deleted"/> the last known one.
/// </summary>
public sealed record ResourceChange(ResourceChangeType Type, string Key, JsonObject Object, JsonObject? OldObject);
