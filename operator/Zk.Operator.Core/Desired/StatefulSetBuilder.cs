using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Desired;

/// <summary>
/// The voters' and observers' StatefulSets. OnDelete: the StatefulSet controller never restarts a
/// member by itself, the planner picks the order (followers first, leader last). Parallel pod
/// management: a first ensemble needs all members up at once to form a quorum, an ordered start would
/// wait forever for member 0 to become ready alone.
/// </summary>
public static class StatefulSetBuilder
{
    public static JsonObject Build(ZkEnsemble ensemble, EnsembleNames names, string component, int replicas, JsonObject podTemplate)
    {
        string name = component == EnsembleLabels.ObserverComponent ? names.ObserversStatefulSet : names.VotersStatefulSet;
        var storage = ensemble.Spec.Storage;
        string retention = storage.ReclaimPolicy == ReclaimPolicy.Delete ? "Delete" : "Retain";

        var claimSpec = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = storage.Size.Value } },
        };
        if (!string.IsNullOrEmpty(storage.StorageClassName))
        {
            claimSpec["storageClassName"] = storage.StorageClassName;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
            ["metadata"] = Manifests.Metadata(ensemble, name, component),
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["serviceName"] = names.HeadlessService,
                ["podManagementPolicy"] = "Parallel",
                ["updateStrategy"] = new JsonObject { ["type"] = "OnDelete" },
                ["selector"] = new JsonObject { ["matchLabels"] = Manifests.Map(EnsembleLabels.Selector(ensemble.Metadata.Name, component)) },
                ["persistentVolumeClaimRetentionPolicy"] = new JsonObject
                {
                    ["whenDeleted"] = retention,
                    ["whenScaled"] = retention,
                },
                ["template"] = podTemplate.DeepClone(),
                ["volumeClaimTemplates"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "PersistentVolumeClaim",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = PodTemplateBuilder.DataVolume,
                        ["labels"] = Manifests.Map(EnsembleLabels.Selector(ensemble.Metadata.Name, component)),
                    },
                    ["spec"] = claimSpec,
                }),
            },
        };
    }
}
