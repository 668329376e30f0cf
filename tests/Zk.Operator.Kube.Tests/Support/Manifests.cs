using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Support;

/// <summary>Small manifests shaped like the ones the builders in Zk.Operator.Core produce.</summary>
internal static class Manifests
{
    public const string Namespace = "zk";

    public static JsonObject ConfigMap(string name, string value = "a", Dictionary<string, string>? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = Metadata(name, labels),
        ["data"] = new JsonObject { ["zoo.cfg"] = value },
    };

    public static JsonObject StatefulSet(string name, int replicas, string image = "zknode:1") => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "StatefulSet",
        ["metadata"] = Metadata(name, new() { ["app"] = name }),
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["serviceName"] = name + "-headless",
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "zknode", ["image"] = image }),
                },
            },
        },
    };

    public static JsonObject Ensemble(string name, int replicas) => new()
    {
        ["apiVersion"] = "zookeeper.zkoperator.io/v1alpha1",
        ["kind"] = "ZkEnsemble",
        ["metadata"] = Metadata(name, null),
        ["spec"] = new JsonObject { ["replicas"] = replicas },
    };

    private static JsonObject Metadata(string name, Dictionary<string, string>? labels)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = Namespace };
        if (labels is not null)
        {
            var labelNode = new JsonObject();
            foreach (var (key, value) in labels)
            {
                labelNode[key] = value;
            }

            meta["labels"] = labelNode;
        }

        return meta;
    }
}
