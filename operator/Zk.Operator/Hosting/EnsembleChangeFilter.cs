using System.Text.Json.Nodes;
using Zk.Operator.Kube.Informer;

namespace Zk.Operator.Hosting;

/// <summary>
/// Which ZkEnsemble watch events enqueue a reconcile, as KubeOps filters them: a modification that changes neither
/// metadata.generation (the spec) nor the deletionTimestamp, finalizers, labels or annotations is a status-only update,
/// most often our own status write coming back. Enqueueing it would reconcile again at once, observe moved zxids,
/// write the status again, and so on in a hot loop; the controller's own requeue and the pods' events cover real changes.
/// </summary>
internal static class EnsembleChangeFilter
{
    private static readonly string[] WatchedMetadata = ["generation", "deletionTimestamp", "finalizers", "labels", "annotations"];

    public static bool Enqueues(ResourceChange change)
    {
        if (change.Type != ResourceChangeType.Modified || change.OldObject is not { } old)
        {
            return true;
        }

        var before = old["metadata"] as JsonObject;
        var after = change.Object["metadata"] as JsonObject;

        // Without a generation (a server that does not set one) a spec change could not be told apart: compare the spec.
        if (before?["generation"] is null || after?["generation"] is null)
        {
            if (!JsonNode.DeepEquals(old["spec"], change.Object["spec"]))
            {
                return true;
            }
        }

        return WatchedMetadata.Any(field => !JsonNode.DeepEquals(before?[field], after?[field]));
    }
}
