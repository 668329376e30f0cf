using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Models;

/// <summary>The wire shape of any <c>XxxList</c>: list metadata plus untyped items.</summary>
public sealed class ResourceListBody
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ListMeta? Metadata { get; set; }

    public List<JsonObject?>? Items { get; set; }
}
