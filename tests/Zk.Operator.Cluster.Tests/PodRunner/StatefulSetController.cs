using System.Globalization;
using System.Text.Json.Nodes;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// The StatefulSet controller's part, one pass at a time: pods NAME-N for the ordinals below spec.replicas from the
/// current template (OnDelete: an existing pod is never replaced, a deleted one comes back from the current
/// template; Parallel: all at once), claims CLAIM-NAME-N from volumeClaimTemplates before their pod, ordinals at
/// or above replicas deleted, and persistentVolumeClaimRetentionPolicy: whenScaled Delete deletes the claims of
/// removed ordinals, whenDeleted Delete makes the claims owned by the StatefulSet (garbage-collected with it).
/// </summary>
internal static class StatefulSetController
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string ClaimProtection = "kubernetes.io/pvc-protection";

    public static void Reconcile(ClusterStore store, PodFaults faults, JsonObject set, IReadOnlyList<JsonObject> pods, IReadOnlyList<JsonObject> claims)
    {
        if (Meta.IsDeleting(set))
        {
            return;
        }

        string ns = Meta.Namespace(set), name = Meta.Name(set);
        var spec = set["spec"]!;
        int replicas = Meta.Int(spec["replicas"], 1);
        var templates = (spec["volumeClaimTemplates"]?.AsArray() ?? []).Select(t => t!.AsObject()).ToList();
        bool deleteWhenScaled = (string?)spec["persistentVolumeClaimRetentionPolicy"]?["whenScaled"] == "Delete";
        bool deleteWhenDeleted = (string?)spec["persistentVolumeClaimRetentionPolicy"]?["whenDeleted"] == "Delete";
        var owned = pods.Where(p => Meta.OwnerUids(p).Contains(Meta.Uid(set))).ToDictionary(Meta.Name, StringComparer.Ordinal);

        for (int ordinal = 0; ordinal < replicas; ordinal++)
        {
            string podName = PodName(name, ordinal);
            foreach (var template in templates)
            {
                string claimName = ClaimName(template, name, ordinal);
                if (!claims.Any(c => Meta.Name(c) == claimName && Meta.Namespace(c) == ns))
                {
                    store.Create(ClusterStore.Claims, ns, Claim(set, template, claimName, deleteWhenDeleted));
                }
            }

            if (!owned.ContainsKey(podName) && !pods.Any(p => Meta.Name(p) == podName && Meta.Namespace(p) == ns) && !faults.CreationRefused(podName))
            {
                store.Create(ClusterStore.Pods, ns, Pod(set, ordinal, templates));
            }
        }

        foreach (var (podName, pod) in owned)
        {
            if (OrdinalOf(name, podName) is { } ordinal && ordinal >= replicas && !Meta.IsDeleting(pod))
            {
                store.Delete(ClusterStore.Pods, ns, podName);
            }
        }

        if (deleteWhenScaled)
        {
            foreach (var claim in claims.Where(c => Meta.Namespace(c) == ns && !Meta.IsDeleting(c)))
            {
                if (templates.Any(t => ClaimOrdinal(t, name, Meta.Name(claim)) is { } ordinal && ordinal >= replicas))
                {
                    store.Delete(ClusterStore.Claims, ns, Meta.Name(claim));
                }
            }
        }
    }

    public static string PodName(string set, int ordinal) => set + "-" + ordinal.ToString(CultureInfo.InvariantCulture);

    private static string ClaimName(JsonObject template, string set, int ordinal) => $"{Meta.Name(template)}-{PodName(set, ordinal)}";

    private static int? OrdinalOf(string set, string pod) =>
        pod.StartsWith(set + "-", StringComparison.Ordinal) && int.TryParse(pod.AsSpan(set.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;

    private static int? ClaimOrdinal(JsonObject template, string set, string claim) =>
        claim.StartsWith(Meta.Name(template) + "-", StringComparison.Ordinal) ? OrdinalOf(set, claim[(Meta.Name(template).Length + 1)..]) : null;

    private static JsonObject Claim(JsonObject set, JsonObject template, string claimName, bool ownedBySet)
    {
        var metadata = new JsonObject
        {
            ["name"] = claimName,
            ["labels"] = template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject(),
            ["finalizers"] = new JsonArray(ClaimProtection),
        };
        if (ownedBySet)
        {
            metadata["ownerReferences"] = new JsonArray(Meta.OwnerReference(set, "StatefulSet", "apps/v1"));
        }

        var spec = template["spec"]!.DeepClone().AsObject();
        spec["volumeName"] = "pv-" + claimName;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = metadata,
            ["spec"] = spec,
        };
    }

    private static JsonObject Pod(JsonObject set, int ordinal, List<JsonObject> claimTemplates)
    {
        string name = Meta.Name(set);
        var template = set["spec"]!["template"]!;
        string podName = PodName(name, ordinal);
        var labels = template["metadata"]?["labels"]?.DeepClone().AsObject() ?? [];
        labels[PodNameLabel] = podName;
        labels["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture);
        var spec = template["spec"]!.DeepClone().AsObject();
        spec["hostname"] = podName;
        spec["subdomain"] = (string?)set["spec"]!["serviceName"];
        var volumes = spec["volumes"]?.AsArray() ?? [];
        spec["volumes"] = volumes;
        foreach (var claim in claimTemplates)
        {
            volumes.Add(new JsonObject
            {
                ["name"] = Meta.Name(claim),
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = ClaimName(claim, name, ordinal) },
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = podName,
                ["labels"] = labels,
                ["annotations"] = template["metadata"]?["annotations"]?.DeepClone() ?? new JsonObject(),
                ["ownerReferences"] = new JsonArray(Meta.OwnerReference(set, "StatefulSet", "apps/v1")),
                ["finalizers"] = new JsonArray(PodContext.Finalizer),
            },
            ["spec"] = spec,
        };
    }
}
