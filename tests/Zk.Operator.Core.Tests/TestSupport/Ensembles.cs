using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Tests.TestSupport;

/// <summary>Sample ensembles for the tests.</summary>
internal static class Ensembles
{
    public static ZkEnsemble Default(string name = "zk", int replicas = 3, int observers = 0) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "data",
            Uid = "6f1c2a9e-0000-4000-8000-000000000001",
            Generation = 1,
        },
        Spec = new ZkEnsembleSpec { Replicas = replicas, Observers = observers },
    };

    /// <summary>Every optional field set, as a user manifest would (quantities written as numbers and strings).</summary>
    public static ZkEnsemble Customized() => ZkEnsemble.FromJson(JsonNode.Parse("""
        {
          "apiVersion": "zookeeper.zkoperator.io/v1alpha1",
          "kind": "ZkEnsemble",
          "metadata": { "name": "orders", "namespace": "prod", "uid": "0b7d1d2e-1111-4000-8000-000000000002", "generation": 4 },
          "spec": {
            "replicas": 5,
            "observers": 2,
            "image": "registry.example.com:5000/zk/zknode:1.2.3",
            "imagePullPolicy": "Always",
            "imagePullSecrets": [ { "name": "regcred" } ],
            "resources": { "requests": { "cpu": "500m", "memory": "1Gi" }, "limits": { "cpu": 2, "memory": "2Gi" } },
            "storage": { "size": "20Gi", "storageClassName": "fast-ssd", "reclaimPolicy": "Delete" },
            "config": { "tickTime": "3000", "maxClientCnxns": "120", "autopurge.snapRetainCount": "5", "4lw.commands.whitelist": "stat, cons" },
            "pod": {
              "labels": { "team": "orders" },
              "annotations": { "prometheus.io/scrape": "true" },
              "tolerations": [ { "key": "dedicated", "operator": "Equal", "value": "zookeeper", "effect": "NoSchedule" } ],
              "nodeSelector": { "disktype": "ssd" },
              "topologySpreadConstraints": [ { "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
                                               "labelSelector": { "matchLabels": { "app.kubernetes.io/instance": "orders" } } } ],
              "securityContext": { "runAsUser": 2000, "fsGroup": 2000 },
              "priorityClassName": "high-priority"
            },
            "restartRequestedAt": "2025-01-02T03:04:05Z"
          }
        }
        """)!);
}
