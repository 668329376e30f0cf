using System.Text.Json.Nodes;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Tests.Support;

/// <summary>
/// The operator container of a rendered chart as the kubelet would run it: command and args, the environment with
/// each valueFrom fieldRef resolved for one pod, the declared container ports and the HTTP probes with named ports
/// resolved to their containerPort. Anything the test's pod cannot resolve fails the test instead of being skipped.
/// </summary>
internal sealed class RenderedOperatorContainer
{
    public RenderedOperatorContainer(RenderedChart chart, string podName)
    {
        var container = chart.OperatorContainer;
        Command = Strings(container["command"]);
        Args = Strings(container["args"]) ?? [];
        Ports = (container["ports"]?.AsArray() ?? [])
            .Select(p => p!.AsObject())
            .ToDictionary(p => (string)p["name"]!, p => checked((int)(long)p["containerPort"]!), StringComparer.Ordinal);
        Environment = (container["env"]?.AsArray() ?? [])
            .Select(e => e!.AsObject())
            .ToDictionary(e => (string)e["name"]!, e => Resolve(e, podName, chart.Deployment), StringComparer.Ordinal);
        Liveness = Probe(container, "livenessProbe");
        Readiness = Probe(container, "readinessProbe");
    }

    /// <summary>Null: the image's entrypoint (the operator binary) runs.</summary>
    public IReadOnlyList<string>? Command { get; }

    public IReadOnlyList<string> Args { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>containerPort by port name.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    public HttpProbe Liveness { get; }

    public HttpProbe Readiness { get; }

    private static List<string>? Strings(JsonNode? node) => node?.AsArray().Select(n => (string)n!).ToList();

    /// <summary>A literal value, or the downward API's metadata.name / metadata.namespace of the pod.</summary>
    private static string Resolve(JsonObject variable, string podName, JsonObject deployment)
    {
        if (variable["valueFrom"] is null)
        {
            return variable["value"]?.ToString() ?? string.Empty;
        }

        string? fieldPath = (string?)variable["valueFrom"]!["fieldRef"]?["fieldPath"];
        return fieldPath switch
        {
            "metadata.name" => podName,
            // The pod is created in the Deployment's namespace.
            "metadata.namespace" => (string)deployment["metadata"]!["namespace"]!,
            _ => throw new Xunit.Sdk.XunitException($"env {variable["name"]}: this test's pod cannot resolve {variable["valueFrom"]!.ToJsonString()}"),
        };
    }

    private HttpProbe Probe(JsonObject container, string name)
    {
        var httpGet = container[name]?["httpGet"] ?? throw new Xunit.Sdk.XunitException($"the operator container has no {name}.httpGet");
        Assert.True(httpGet["scheme"] is null || (string?)httpGet["scheme"] == "HTTP", $"{name} is not plain HTTP");
        var port = httpGet["port"]!;
        int number = port.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? checked((int)(long)port)
            : Ports.TryGetValue((string)port!, out int named)
                ? named
                : throw new Xunit.Sdk.XunitException($"{name} names port '{port}', which the container does not declare");
        return new HttpProbe((string)httpGet["path"]!, number);
    }
}
