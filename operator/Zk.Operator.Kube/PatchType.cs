namespace Zk.Operator.Kube;

/// <summary>The patch formats the API server accepts (server-side apply has its own call).</summary>
public enum PatchType
{
    /// <summary>RFC 7386, <c>application/merge-patch+json</c>: null deletes, lists replace.</summary>
    Merge,

    /// <summary>RFC 6902, <c>application/json-patch+json</c>: a list of operations, may include <c>test</c>.</summary>
    Json,

    /// <summary>Kubernetes' strategic merge patch (built-in kinds only).</summary>
    StrategicMerge,
}
