using System.Text.Json.Nodes;

namespace Zk.Operator.Kube;

/// <summary>The result of a list: the items and the resourceVersion to start watching from.</summary>
public sealed record KubeList(IReadOnlyList<JsonObject> Items, string ResourceVersion);
