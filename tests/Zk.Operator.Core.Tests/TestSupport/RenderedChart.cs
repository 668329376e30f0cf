using System.Text.Json.Nodes;

namespace Zk.Operator.Core.Tests.TestSupport;

/// <summary>A rendered chart: the manifests as JSON trees, selected by kind and name rather than by position.</summary>
public sealed class RenderedChart
{
    public RenderedChart(string text, string notes)
    {
        Text = text;
        Notes = notes;
        Documents = YamlJson.ParseAll(text).OfType<JsonObject>().ToList();
    }

    public string Text { get; }

    public string Notes { get; }

    public IReadOnlyList<JsonObject> Documents { get; }

    public IEnumerable<JsonObject> OfKind(string kind) => Documents.Where(d => (string?)d["kind"] == kind);

    public JsonObject? Find(string kind, string name, string? @namespace = null) =>
        OfKind(kind).SingleOrDefault(d => (string?)d["metadata"]?["name"] == name
            && (@namespace is null || (string?)d["metadata"]?["namespace"] == @namespace));

    public JsonObject Get(string kind, string name, string? @namespace = null) =>
        Find(kind, name, @namespace) ?? throw new Xunit.Sdk.XunitException(
            $"no {kind} {@namespace}/{name} in the rendered chart; it has: {string.Join(", ", Documents.Select(d => $"{d["kind"]}/{d["metadata"]?["name"]}"))}");

    public JsonObject Deployment => Get("Deployment", "zk-operator");

    public JsonObject OperatorContainer => Deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == "operator")!.AsObject();

    /// <summary>The operator container's environment as name → literal value (null for valueFrom).</summary>
    public IReadOnlyDictionary<string, string?> Environment =>
        OperatorContainer["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!["value"]?.ToString());
}
