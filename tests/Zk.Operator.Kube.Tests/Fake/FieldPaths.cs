using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>
/// Leaf paths of a manifest, the unit of field ownership in the fake's server-side apply. Objects
/// are descended into; lists and scalars are atomic leaves (real SSA merges keyed lists such as
/// containers by name, which the operator's manifests do not depend on). Segments are joined with
/// '\n' because label keys contain both '.' and '/'.
/// </summary>
internal static class FieldPaths
{
    private const char Separator = '\n';

    /// <summary>Leaf paths under the scope: "status" for the status subresource, everything else otherwise.</summary>
    public static Dictionary<string, JsonNode?> Flatten(JsonObject obj, bool statusScope, bool hasStatusSubresource)
    {
        var leaves = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind")
            {
                continue;
            }

            if (key == "status" ? !statusScope && hasStatusSubresource : statusScope)
            {
                continue;
            }

            if (key == "metadata")
            {
                if (statusScope || value is not JsonObject meta)
                {
                    continue;
                }

                foreach (var owned in new[] { "labels", "annotations", "finalizers", "ownerReferences" })
                {
                    if (meta[owned] is { } node)
                    {
                        Walk("metadata" + Separator + owned, node, leaves);
                    }
                }

                continue;
            }

            Walk(key, value, leaves);
        }

        return leaves;
    }

    public static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split(Separator))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = path.Split(Separator);
        var obj = root;
        foreach (var segment in segments[..^1])
        {
            if (obj[segment] is not JsonObject child)
            {
                child = [];
                obj[segment] = child;
            }

            obj = child;
        }

        obj[segments[^1]] = value?.DeepClone();
    }

    public static void Remove(JsonObject root, string path)
    {
        var segments = path.Split(Separator);
        JsonNode? node = root;
        foreach (var segment in segments[..^1])
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        (node as JsonObject)?.Remove(segments[^1]);
    }

    /// <summary>The dotted spelling used in conflict messages, e.g. <c>.spec.replicas</c>.</summary>
    public static string Display(string path) => "." + path.Replace(Separator, '.');

    private static void Walk(string prefix, JsonNode? node, Dictionary<string, JsonNode?> leaves)
    {
        if (node is JsonObject obj && obj.Count > 0)
        {
            foreach (var (key, value) in obj)
            {
                Walk(prefix + Separator + key, value, leaves);
            }

            return;
        }

        leaves[prefix] = node;
    }
}
