using System.Text;
using System.Text.Json.Nodes;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// A container's environment as kubelet builds it: the image's ENV, HOSTNAME (the pod name, as container runtimes
/// set it), then the container's env in order, with valueFrom fieldRef (metadata.name, metadata.namespace,
/// status.podIP, ...) and secretKeyRef / configMapKeyRef read from the store, and $(VAR) references expanded.
/// </summary>
internal static class ContainerEnvironment
{
    public static Dictionary<string, string> Build(ClusterStore store, JsonObject pod, string podIp, JsonObject container, ContainerImage image)
    {
        var env = new Dictionary<string, string>(image.Environment, StringComparer.Ordinal) { ["HOSTNAME"] = Meta.Name(pod) };
        string ns = Meta.Namespace(pod);
        foreach (var item in container["env"]?.AsArray() ?? [])
        {
            string name = (string)item!["name"]!;
            if (item["value"] is { } value)
            {
                env[name] = Expand((string?)value ?? "", env);
                continue;
            }

            var from = item["valueFrom"] ?? throw new InvalidOperationException($"env {name} has neither value nor valueFrom");
            if (from["fieldRef"]?["fieldPath"] is { } field)
            {
                env[name] = (string?)field switch
                {
                    "metadata.name" => Meta.Name(pod),
                    "metadata.namespace" => ns,
                    "metadata.uid" => Meta.Uid(pod),
                    "status.podIP" => podIp,
                    "spec.nodeName" => "sandbox",
                    "spec.serviceAccountName" => (string?)pod["spec"]?["serviceAccountName"] ?? "default",
                    var path => throw new InvalidOperationException($"env {name}: fieldRef {path} is not supported by the pod runner"),
                };
            }
            else if (from["secretKeyRef"] is { } secretRef)
            {
                var secret = store.Get(ClusterStore.Secrets, ns, (string)secretRef["name"]!)
                    ?? throw new ContainerConfigException($"secret \"{secretRef["name"]}\" not found");
                string key = (string)secretRef["key"]!;
                string encoded = (string?)secret["data"]?[key] ?? throw new ContainerConfigException($"couldn't find key {key} in Secret {ns}/{secretRef["name"]}");
                env[name] = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            else if (from["configMapKeyRef"] is { } mapRef)
            {
                var map = store.Get(ClusterStore.ConfigMaps, ns, (string)mapRef["name"]!)
                    ?? throw new ContainerConfigException($"configmap \"{mapRef["name"]}\" not found");
                env[name] = (string?)map["data"]?[(string)mapRef["key"]!] ?? throw new ContainerConfigException($"couldn't find key {mapRef["key"]} in ConfigMap {ns}/{mapRef["name"]}");
            }
            else
            {
                throw new InvalidOperationException($"env {name}: valueFrom {from.ToJsonString()} is not supported by the pod runner");
            }
        }

        return env;
    }

    /// <summary>Kubernetes' $(VAR) expansion in command, args and env values; $$ escapes, unknown names stay.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> env)
    {
        var result = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(' && text.IndexOf(')', i) is var end and > 0
                     && env.TryGetValue(text[(i + 2)..end], out var value))
            {
                result.Append(value);
                i = end;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }
}
