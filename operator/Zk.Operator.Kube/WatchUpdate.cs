using System.Text.Json.Nodes;

namespace Zk.Operator.Kube;

/// <summary>
/// One step of a list-then-watch stream. <see cref="ResourceVersion"/> is always the position to
/// resume from after this update.
/// </summary>
public sealed record WatchUpdate(WatchUpdateKind Kind, string ResourceVersion, JsonObject? Object, IReadOnlyList<JsonObject> Items)
{
    internal static WatchUpdate ForList(bool relisted, KubeList list) =>
        new(relisted ? WatchUpdateKind.Relisted : WatchUpdateKind.Listed, list.ResourceVersion, null, list.Items);

    internal static WatchUpdate ForObject(WatchUpdateKind kind, string resourceVersion, JsonObject? obj) =>
        new(kind, resourceVersion, obj, []);
}
