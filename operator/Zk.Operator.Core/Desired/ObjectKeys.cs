using System.Text.Json.Nodes;

namespace Zk.Operator.Core.Desired;

/// <summary>Identifies an owned object by <c>Kind/name</c> (all live in the ensemble's namespace).</summary>
public static class ObjectKeys
{
    public static string Of(string kind, string name) => $"{kind}/{name}";

    public static string Of(JsonObject manifest) =>
        Of((string?)manifest["kind"] ?? throw new ArgumentException("manifest has no kind"),
           (string?)manifest["metadata"]?["name"] ?? throw new ArgumentException("manifest has no metadata.name"));
}
