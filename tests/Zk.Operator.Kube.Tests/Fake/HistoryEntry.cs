using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>One change in the fake's event history, which watches replay from a resourceVersion.</summary>
internal sealed record HistoryEntry(long ResourceVersion, string ResourceKey, string Type, JsonObject Snapshot);
