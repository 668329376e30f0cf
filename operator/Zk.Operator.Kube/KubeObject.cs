using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Zk.Operator.Kube;

/// <summary>
/// Typed access to the metadata of untyped manifests. Builders produce <see cref="JsonObject"/>s so
/// that they need no reference to this project; these helpers read and write the few metadata
/// fields the client and informer need without deserializing the whole object.
/// </summary>
public static class KubeObject
{
    public static string? GetName(this JsonObject obj) => MetaString(obj, "name");

    public static string? GetNamespace(this JsonObject obj) => MetaString(obj, "namespace");

    public static string? GetUid(this JsonObject obj) => MetaString(obj, "uid");

    public static string? GetResourceVersion(this JsonObject obj) => MetaString(obj, "resourceVersion");

    public static long? GetGeneration(this JsonObject obj) => obj["metadata"]?["generation"] switch
    {
        // Parsed JSON reads as any number type; a node built in memory only as the type it was built from.
        JsonValue v when v.TryGetValue(out long g) => g,
        JsonValue v when v.TryGetValue(out int i) => i,
        _ => null,
    };

    /// <summary>"namespace/name" or "name" for cluster-scoped objects, the key informers use.</summary>
    public static string GetKey(this JsonObject obj) => KeyOf(obj.GetNamespace(), obj.GetName() ?? "");

    public static string KeyOf(string? @namespace, string name) =>
        string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";

    /// <summary>A typed copy of metadata; changes to it do not write back (use <see cref="SetMetadata"/>).</summary>
    public static V1ObjectMeta GetMetadata(this JsonObject obj) =>
        obj["metadata"] is JsonObject meta ? KubernetesJson.Deserialize<V1ObjectMeta>(meta) ?? new() : new();

    /// <summary>Replaces the metadata with <paramref name="meta"/>.</summary>
    public static void SetMetadata(this JsonObject obj, V1ObjectMeta meta) =>
        obj["metadata"] = JsonNode.Parse(KubernetesJson.Serialize(meta));

    public static void SetResourceVersion(this JsonObject obj, string? resourceVersion) =>
        EnsureMetadata(obj)["resourceVersion"] = resourceVersion;

    /// <summary>Reads a typed model of the official client (e.g. a V1Lease) from a manifest.</summary>
    public static T? As<T>(this JsonObject obj) => KubernetesJson.Deserialize<T>(obj);

    /// <summary>Turns a typed model of the official client into a manifest for <see cref="IKubeApi"/>.</summary>
    public static JsonObject ToJsonObject<T>(T value) =>
        JsonNode.Parse(KubernetesJson.Serialize(value!)) as JsonObject
        ?? throw new ArgumentException($"{typeof(T).Name} does not serialize to a JSON object", nameof(value));

    private static JsonObject EnsureMetadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
        {
            return meta;
        }

        meta = [];
        obj["metadata"] = meta;
        return meta;
    }

    private static string? MetaString(JsonObject obj, string field) =>
        obj["metadata"]?[field] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
