using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Desired;

/// <summary>Small helpers shared by the builders: metadata with labels and the owner reference.</summary>
internal static class Manifests
{
    public static JsonObject Metadata(ZkEnsemble ensemble, string name, string? component = null) => new()
    {
        ["name"] = name,
        ["namespace"] = ensemble.Metadata.Namespace,
        ["labels"] = Map(EnsembleLabels.Common(ensemble.Metadata.Name, component)),
        ["ownerReferences"] = new JsonArray(OwnerReference(ensemble)),
    };

    /// <summary>
    /// The controller reference: garbage collection deletes everything when the ZkEnsemble goes, and
    /// blockOwnerDeletion keeps foreground deletion waiting for the members.
    /// </summary>
    public static JsonObject OwnerReference(ZkEnsemble ensemble) => new()
    {
        ["apiVersion"] = ZkEnsemble.ApiVersionValue,
        ["kind"] = ZkEnsemble.KindName,
        ["name"] = ensemble.Metadata.Name,
        ["uid"] = ensemble.Metadata.Uid ?? string.Empty,
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public static JsonObject Map(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            map[key] = value;
        }

        return map;
    }

    public static JsonArray Array(IEnumerable<JsonNode> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(item);
        }

        return array;
    }

    /// <summary>Shallow merge of user fields over defaults: a user value replaces the default of the same key.</summary>
    public static JsonObject Merge(JsonObject defaults, JsonObject? overrides)
    {
        var merged = defaults.DeepClone().AsObject();
        foreach (var (key, value) in overrides ?? [])
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }

    public static JsonObject Port(string name, int port) => new()
    {
        ["name"] = name,
        ["port"] = port,
        ["targetPort"] = name,
        ["protocol"] = "TCP",
    };
}
