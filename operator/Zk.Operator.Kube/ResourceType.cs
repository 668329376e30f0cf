namespace Zk.Operator.Kube;

/// <summary>
/// Where a kind lives in the REST API: <c>/api/v1/...</c> for the core group, otherwise
/// <c>/apis/{group}/{version}/...</c>, then <c>namespaces/{ns}/</c> when namespaced, then the plural.
/// </summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced = true)
{
    public static readonly ResourceType Pod = new("", "v1", "pods", "Pod");
    public static readonly ResourceType Service = new("", "v1", "services", "Service");
    public static readonly ResourceType ConfigMap = new("", "v1", "configmaps", "ConfigMap");
    public static readonly ResourceType Secret = new("", "v1", "secrets", "Secret");
    public static readonly ResourceType PersistentVolumeClaim = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim");
    public static readonly ResourceType Event = new("", "v1", "events", "Event");
    public static readonly ResourceType Namespace = new("", "v1", "namespaces", "Namespace", Namespaced: false);
    public static readonly ResourceType StatefulSet = new("apps", "v1", "statefulsets", "StatefulSet");
    public static readonly ResourceType PodDisruptionBudget = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget");
    public static readonly ResourceType Lease = new("coordination.k8s.io", "v1", "leases", "Lease");
    public static readonly ResourceType CustomResourceDefinition =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false);

    /// <summary>The operator's own custom resource.</summary>
    public static readonly ResourceType ZkEnsemble = new("zookeeper.zkoperator.io", "v1alpha1", "zkensembles", "ZkEnsemble");

    /// <summary>"v1" for the core group, "group/version" otherwise, as written in a manifest.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The REST path of a collection, an object, or one of its subresources.</summary>
    public string PathFor(string? @namespace, string? name = null, string? subresource = null)
    {
        if (Namespaced == false && @namespace is not null)
        {
            throw new ArgumentException($"{Kind} is cluster-scoped and takes no namespace", nameof(@namespace));
        }

        var path = Group.Length == 0 ? "/api/v1" : $"/apis/{Group}/{Version}";
        if (@namespace is not null)
        {
            path += "/namespaces/" + Uri.EscapeDataString(@namespace);
        }

        path += "/" + Plural;
        if (name is not null)
        {
            path += "/" + Uri.EscapeDataString(name);
            if (subresource is not null)
            {
                path += "/" + subresource;
            }
        }

        return path;
    }
}
