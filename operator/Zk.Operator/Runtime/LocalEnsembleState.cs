namespace Zk.Operator.Runtime;

/// <summary>What a local ensemble "has applied": the stand-in for its objects in the API server.</summary>
internal sealed class LocalEnsembleState(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>Applied hash by <c>Kind/name</c>.</summary>
    public Dictionary<string, string> AppliedHashes { get; } = new(StringComparer.Ordinal);

    /// <summary>The ConfigMap's zoo.cfg, as rendered for Kubernetes.</summary>
    public string? ZooCfg { get; set; }

    /// <summary>The ConfigMap's zoo.cfg.dynamic, as rendered for Kubernetes.</summary>
    public string? Dynamic { get; set; }

    /// <summary>Replicas and pod-template hash by StatefulSet name.</summary>
    public Dictionary<string, (int Replicas, string? TemplateHash)> StatefulSets { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<int, LocalMember> Members { get; } = [];

    public int Restarts { get; set; }
}
