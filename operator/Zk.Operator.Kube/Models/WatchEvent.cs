using System.Text.Json;

namespace Zk.Operator.Kube.Models;

/// <summary>
/// metav1.WatchEvent, one JSON document per line of a watch stream:
/// <code>
/// {"type":"ADDED"|"MODIFIED"|"DELETED"|"BOOKMARK"|"ERROR","object":{...}}
/// </code>
/// For ERROR the object is a metav1.Status; for BOOKMARK only metadata.resourceVersion is meaningful.
/// </summary>
public sealed class WatchEvent
{
    public string Type { get; set; } = "";

    public JsonElement Object { get; set; }
}
