using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Zk.Operator.Core.Desired;

/// <summary>
/// Content hashes of rendered objects. Builders emit properties in a fixed order, so the compact JSON
/// text is canonical for our own output and a hash of it is stable across runs and machines.
/// </summary>
public static class ObjectHash
{
    public static string Of(JsonNode node) => Of(node.ToJsonString());

    public static string Of(string text)
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }

    /// <summary>
    /// The applied hash: the object without spec.replicas (the planner scales StatefulSets one member at
    /// a time through the scale subresource, which must not look like drift) and without the hash itself.
    /// </summary>
    public static string Applied(JsonObject manifest)
    {
        var copy = manifest.DeepClone().AsObject();
        copy["spec"]?.AsObject().Remove("replicas");
        copy["metadata"]?["annotations"]?.AsObject().Remove(ZkAnnotations.AppliedHash);
        return Of(copy);
    }

    /// <summary>Stamps the applied-hash annotation onto the manifest and returns the hash.</summary>
    public static string Stamp(JsonObject manifest)
    {
        string hash = Applied(manifest);
        var metadata = manifest["metadata"]!.AsObject();
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }

        annotations[ZkAnnotations.AppliedHash] = hash;
        return hash;
    }

    /// <summary>Reads the stamped hash back (what the shell reports in <see cref="Observed.ObservedEnsemble.AppliedHashes"/>).</summary>
    public static string? Read(JsonObject manifest) => (string?)manifest["metadata"]?["annotations"]?[ZkAnnotations.AppliedHash];
}
