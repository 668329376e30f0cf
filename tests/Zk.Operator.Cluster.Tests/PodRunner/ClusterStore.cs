using System.Text.Json.Nodes;
using Zk.Operator.Kube.Tests.Fake;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// The pod runner's access to the fake API server: its <see cref="FakeResourceStore"/> in process, through the
/// same verbs the REST front end serves, as kubelet and the controller manager (field manager "kube-controller-manager").
/// </summary>
internal sealed class ClusterStore(FakeResourceStore store)
{
    private const string Manager = "kube-controller-manager";

    public static readonly Kind Pods = new("", "v1", "pods");
    public static readonly Kind StatefulSets = new("apps", "v1", "statefulsets");
    public static readonly Kind Claims = new("", "v1", "persistentvolumeclaims");
    public static readonly Kind ConfigMaps = new("", "v1", "configmaps");
    public static readonly Kind Secrets = new("", "v1", "secrets");
    public static readonly Kind Services = new("", "v1", "services");
    public static readonly Kind Budgets = new("policy", "v1", "poddisruptionbudgets");
    public static readonly Kind Events = new("", "v1", "events");
    public static readonly Kind Ensembles = new("zookeeper.zkoperator.io", "v1alpha1", "zkensembles");

    /// <summary>Completes at the store's next change.</summary>
    public Task Changed => store.Poll(Route(Pods, null), null, long.MaxValue).Signal;

    public List<JsonObject> List(Kind kind, string? ns = null)
    {
        var result = store.List(Route(kind, ns), null);
        return result.Body!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    public JsonObject? Get(Kind kind, string ns, string name)
    {
        var result = store.Get(Route(kind, ns, name));
        return result.Code == 200 ? result.Body!.AsObject() : null;
    }

    /// <summary>Creates the object; false when it exists already.</summary>
    public bool Create(Kind kind, string ns, JsonObject obj)
    {
        var result = store.Create(Route(kind, ns), obj, Manager);
        return result.Code switch
        {
            201 => true,
            409 => false,
            _ => throw Failure("create", kind, obj.ToJsonString(), result),
        };
    }

    /// <summary>Replaces the object (not its status) unless it changed since it was read: false on a conflict.</summary>
    public bool Replace(Kind kind, JsonObject obj)
    {
        var result = store.Replace(Route(kind, Meta.Namespace(obj), Meta.Name(obj)), obj, "kubectl");
        return result.Code switch
        {
            200 => true,
            409 => false,
            _ => throw Failure("replace", kind, Meta.Name(obj), result),
        };
    }

    public void Delete(Kind kind, string ns, string name)
    {
        var result = store.Delete(Route(kind, ns, name), null);
        if (result.Code is not (200 or 404))
        {
            throw Failure("delete", kind, name, result);
        }
    }

    /// <summary>Replaces the status of a pod as kubelet does; a pod deleted meanwhile is not an error.</summary>
    public void WriteStatus(Kind kind, string ns, string name, JsonObject status)
    {
        var body = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns }, ["status"] = status };
        var result = store.Replace(Route(kind, ns, name, "status"), body, "kubelet");
        if (result.Code is not (200 or 404))
        {
            throw Failure("write the status of", kind, name, result);
        }
    }

    /// <summary>Removes one finalizer with a JSON merge patch (the last one gone, a deleted object goes).</summary>
    public void RemoveFinalizer(Kind kind, string ns, string name, string finalizer)
    {
        if (Get(kind, ns, name) is not { } current)
        {
            return;
        }

        var kept = new JsonArray();
        foreach (var f in current["metadata"]?["finalizers"]?.AsArray() ?? [])
        {
            if ((string?)f != finalizer)
            {
                kept.Add((string?)f);
            }
        }

        var patch = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = kept } };
        var result = store.Patch(Route(kind, ns, name), "application/merge-patch+json", patch, Manager, force: false);
        if (result.Code is not (200 or 404))
        {
            throw Failure("remove a finalizer of", kind, name, result);
        }
    }

    private static FakeRoute Route(Kind kind, string? ns, string? name = null, string? subresource = null) =>
        new(kind.Group, kind.Version, ns, kind.Plural, name, subresource);

    private static InvalidOperationException Failure(string verb, Kind kind, string what, FakeResult result) =>
        new($"pod runner could not {verb} {kind.Plural} {what}: {result.Code} {result.Body?.ToJsonString()}");

    /// <summary>Where a kind lives in the API.</summary>
    internal sealed record Kind(string Group, string Version, string Plural);
}
