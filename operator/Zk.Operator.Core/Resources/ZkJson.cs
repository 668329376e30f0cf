using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zk.Operator.Core.Resources;

/// <summary>The one JSON mapping of the resource types: camelCase fields, absent instead of null.</summary>
public static class ZkJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static JsonObject ToJsonObject<T>(T value) =>
        JsonSerializer.SerializeToNode(value, Options)?.AsObject() ?? throw new InvalidOperationException("serialized to null");

    public static T FromJson<T>(JsonNode node) =>
        node.Deserialize<T>(Options) ?? throw new JsonException($"{typeof(T).Name} is null");

    public static T FromJson<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"{typeof(T).Name} is null");
}
