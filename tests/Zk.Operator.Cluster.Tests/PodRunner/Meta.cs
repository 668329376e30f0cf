using System.Globalization;
using System.Text.Json.Nodes;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>Reads of object metadata the pod runner needs, on plain JSON (no client library types).</summary>
internal static class Meta
{
    public static string Name(JsonObject obj) => (string)obj["metadata"]!["name"]!;

    public static string Namespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"] ?? "";

    public static string Uid(JsonObject obj) => (string?)obj["metadata"]?["uid"] ?? "";

    /// <summary>metadata.generation, whatever number type the node holds (0 when absent).</summary>
    public static long Generation(JsonObject obj) =>
        obj["metadata"]?["generation"] is JsonValue v && long.TryParse(v.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out long g) ? g : 0;

    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static string Key(JsonObject obj) => Namespace(obj) + "/" + Name(obj);

    /// <summary>The uids of the object's owners.</summary>
    public static IEnumerable<string> OwnerUids(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"]?.AsArray() ?? []).Select(o => (string?)o?["uid"]).OfType<string>();

    public static JsonObject OwnerReference(JsonObject owner, string kind, string apiVersion) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = Name(owner),
        ["uid"] = Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public static int Int(JsonNode? node, int fallback) => node is JsonValue value && value.TryGetValue(out int i) ? i
        : node is JsonValue v && v.TryGetValue(out long l) ? (int)l
        : fallback;
}
