using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>One object in the fake's store with its field ownership.</summary>
internal sealed class StoredObject(JsonObject obj)
{
    public JsonObject Object { get; set; } = obj;

    public FieldOwnership Fields { get; } = new();
}
