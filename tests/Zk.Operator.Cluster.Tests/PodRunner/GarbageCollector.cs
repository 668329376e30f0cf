using System.Text.Json.Nodes;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// The garbage collector's part: an object whose owners are all gone is deleted (background propagation), so a
/// deleted ZkEnsemble takes its StatefulSets, Services, ConfigMap, Secret and budget, and a StatefulSet its pods
/// and the claims it owns; and the pvc-protection finalizer: a deleted claim goes (with its folder) once no pod
/// uses it.
/// </summary>
internal static class GarbageCollector
{
    private static readonly ClusterStore.Kind[] Collected =
    [
        ClusterStore.StatefulSets, ClusterStore.Pods, ClusterStore.Claims, ClusterStore.ConfigMaps,
        ClusterStore.Services, ClusterStore.Secrets, ClusterStore.Budgets,
    ];

    public static void Collect(ClusterStore store, string claimsRoot)
    {
        var objects = Collected.Select(kind => (Kind: kind, Items: store.List(kind))).ToList();
        var uids = objects.SelectMany(o => o.Items).Concat(store.List(ClusterStore.Ensembles)).Select(Meta.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var (kind, items) in objects)
        {
            foreach (var obj in items)
            {
                var owners = Meta.OwnerUids(obj).ToList();
                if (owners.Count > 0 && !owners.Any(uids.Contains) && !Meta.IsDeleting(obj))
                {
                    store.Delete(kind, Meta.Namespace(obj), Meta.Name(obj));
                }
            }
        }

        var pods = objects.Single(o => o.Kind == ClusterStore.Pods).Items;
        foreach (var claim in objects.Single(o => o.Kind == ClusterStore.Claims).Items.Where(Meta.IsDeleting))
        {
            string ns = Meta.Namespace(claim), name = Meta.Name(claim);
            if (!pods.Any(p => Meta.Namespace(p) == ns && Uses(p, name)))
            {
                string folder = PodVolumes.ClaimFolder(claimsRoot, ns, name);
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                store.RemoveFinalizer(ClusterStore.Claims, ns, name, StatefulSetController.ClaimProtection);
            }
        }
    }

    private static bool Uses(JsonObject pod, string claim) =>
        (pod["spec"]?["volumes"]?.AsArray() ?? []).Any(v => (string?)v?["persistentVolumeClaim"]?["claimName"] == claim);
}
