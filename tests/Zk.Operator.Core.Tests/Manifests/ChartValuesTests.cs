using System.Text.Json.Nodes;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Manifests;

/// <summary>
/// Every key of charts/zk-operator/values.yaml changes what the chart renders: a value no template reads
/// (as ZK_OPERATOR_* variables once were) fails here by name. New keys are picked up without editing the test.
/// </summary>
public sealed class ChartValuesTests(ChartRenderer renderer) : IClassFixture<ChartRenderer>
{
    private const string Marker = "zk-test";

    public static TheoryData<string> ValueKeys()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Leaves(DefaultValues(), string.Empty))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValueKeys))]
    public void Changing_the_value_changes_the_rendered_chart(string key)
    {
        var defaults = renderer.Render();
        var current = Leaves(DefaultValues(), string.Empty).Single(l => l.Path == key).Value;

        var changed = renderer.Render(Override(key, Changed(current)));

        Assert.True(
            changed.Text != defaults.Text || changed.Notes != defaults.Notes,
            $"values.yaml key '{key}' (changed from {current?.ToJsonString() ?? "null"} to {Changed(current)?.ToJsonString()}) has no effect on the rendered chart");
    }

    [Fact]
    public void The_table_covers_the_keys_the_operator_contract_needs()
    {
        var keys = Leaves(DefaultValues(), string.Empty).Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal) { "watchNamespaces", "leaderElection.enabled", "leaderElection.leaseName", "metrics.enabled", "metrics.port", "health.port", "logLevel", "clusterDomain" },
            keys);
    }

    private static JsonObject DefaultValues() =>
        YamlJson.Parse(File.ReadAllText(RepoPaths.Of(Path.Combine("charts", "zk-operator", "values.yaml")))).AsObject();

    /// <summary>Scalars, lists and empty maps are leaves; non-empty maps are walked.</summary>
    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonObject node, string prefix)
    {
        foreach (var (key, value) in node)
        {
            string path = prefix.Length == 0 ? key : prefix + "." + key;
            if (value is JsonObject { Count: > 0 } child)
            {
                foreach (var leaf in Leaves(child, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (path, value);
            }
        }
    }

    private static JsonNode? Changed(JsonNode? value) => value switch
    {
        JsonObject => new JsonObject { [$"{Marker}/key"] = Marker },
        JsonArray => new JsonArray(Marker),
        JsonValue v when v.TryGetValue(out bool b) => !b,
        JsonValue v when v.TryGetValue(out long n) => n + 1,
        JsonValue v when v.TryGetValue(out string? s) => string.IsNullOrEmpty(s) ? Marker : s + "-" + Marker,
        _ => Marker,
    };

    private static JsonObject Override(string path, JsonNode? value)
    {
        string[] parts = path.Split('.');
        var root = new JsonObject();
        var at = root;
        foreach (string part in parts[..^1])
        {
            var next = new JsonObject();
            at[part] = next;
            at = next;
        }

        at[parts[^1]] = value;
        return root;
    }
}
