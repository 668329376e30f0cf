using System.Globalization;
using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Desired;

/// <summary>
/// The members' pod template. Voters and observers differ only in their component label and myid
/// offset. Readiness means "serving in the quorum" (srvr reports leader, follower or observer; it
/// reports nothing while the member is looking for a leader), liveness only "the process accepts
/// connections", so a member that lost its quorum is taken out of the Service but not killed.
/// </summary>
public static class PodTemplateBuilder
{
    public const string ContainerName = "zookeeper";
    public const string InitContainerName = "init-config";
    public const string DataVolume = "data";
    public const string ConfigVolume = "config";
    public const string TmpVolume = "tmp";
    public const int QuorumPort = 2888;
    public const int ElectionPort = 3888;
    /// <summary>The non-root `app` user (and group) of the official .NET 8+ images zknode's image is built on (docker/).</summary>
    public const long RunAsId = 1654;

    /// <summary>
    /// Stable identity from the ordinal: the pod hostname ends in -N, myid = N + offset. The config
    /// is copied to the data volume because ZooKeeper rewrites its dynamic file on reconfig; the super
    /// digest (from the admin Secret, never in the ConfigMap) is appended to it there.
    /// </summary>
    private const string InitScript =
        "set -eu\n"
        + "ordinal=\"${HOSTNAME##*-}\"\n"
        + "mkdir -p " + ZooCfg.RuntimeConfigDir + "\n"
        + "echo $((ordinal + ZK_MYID_OFFSET)) > " + ZooCfg.DataDir + "/myid\n"
        + "cp " + ZooCfg.ConfigMountPath + "/" + ZooCfg.StaticFileName + " " + ZooCfg.RuntimeConfigDir + "/" + ZooCfg.StaticFileName + "\n"
        + "cp " + ZooCfg.ConfigMountPath + "/" + ZooCfg.DynamicFileName + " " + ZooCfg.RuntimeConfigDir + "/" + ZooCfg.DynamicFileName + "\n"
        + "echo \"" + ZooCfg.SuperDigestKey + "=${ZK_SUPER_DIGEST}\" >> " + ZooCfg.RuntimeConfigDir + "/" + ZooCfg.StaticFileName + "\n";

    /// <summary>srvr answers "This ZooKeeper instance is not currently serving requests" unless the member is in a quorum.</summary>
    private const string ReadinessScript = "echo srvr | nc -w 2 127.0.0.1 2181 | grep -Eq '^Mode: (leader|follower|observer)'";

    /// <summary>Builds the template and stamps its own hash (annotation) into it; returns both.</summary>
    public static (JsonObject Template, string Hash) Build(ZkEnsemble ensemble, string component, string configHash)
    {
        var spec = ensemble.Spec;
        var names = new EnsembleNames(ensemble.Metadata.Name, ensemble.Metadata.Namespace ?? string.Empty);
        int myidOffset = component == EnsembleLabels.ObserverComponent ? EnsembleNames.ObserverIdBase : 1;

        var labels = new SortedDictionary<string, string>(spec.Pod?.Labels ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in EnsembleLabels.Common(ensemble.Metadata.Name, component))
        {
            labels[key] = value;
        }

        var annotations = new SortedDictionary<string, string>(spec.Pod?.Annotations ?? [], StringComparer.Ordinal)
        {
            [ZkAnnotations.ConfigHash] = configHash,
        };
        if (!string.IsNullOrEmpty(spec.RestartRequestedAt))
        {
            annotations[ZkAnnotations.RestartRequestedAt] = spec.RestartRequestedAt;
        }

        var podSpec = new JsonObject
        {
            ["automountServiceAccountToken"] = false,
            ["enableServiceLinks"] = false,
            ["securityContext"] = Manifests.Merge(DefaultPodSecurityContext(), spec.Pod?.SecurityContext),
        };
        if (spec.ImagePullSecrets is { Count: > 0 } secrets)
        {
            podSpec["imagePullSecrets"] = Manifests.Array(secrets.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name }));
        }

        podSpec["affinity"] = spec.Pod?.Affinity?.DeepClone() ?? DefaultAffinity(ensemble.Metadata.Name);
        if (spec.Pod?.NodeSelector is { Count: > 0 } nodeSelector)
        {
            podSpec["nodeSelector"] = Manifests.Map(nodeSelector.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }

        if (spec.Pod?.Tolerations is { Count: > 0 } tolerations)
        {
            podSpec["tolerations"] = Manifests.Array(tolerations.Select(t => t.DeepClone()));
        }

        if (spec.Pod?.TopologySpreadConstraints is { Count: > 0 } spread)
        {
            podSpec["topologySpreadConstraints"] = Manifests.Array(spread.Select(t => t.DeepClone()));
        }

        if (!string.IsNullOrEmpty(spec.Pod?.PriorityClassName))
        {
            podSpec["priorityClassName"] = spec.Pod.PriorityClassName;
        }

        podSpec["terminationGracePeriodSeconds"] = 30;
        podSpec["initContainers"] = new JsonArray(InitContainer(spec, names, myidOffset));
        podSpec["containers"] = new JsonArray(MainContainer(spec));
        podSpec["volumes"] = new JsonArray(
            new JsonObject
            {
                ["name"] = ConfigVolume,
                ["configMap"] = new JsonObject { ["name"] = names.ConfigMap },
            },
            new JsonObject { ["name"] = TmpVolume, ["emptyDir"] = new JsonObject() });

        var template = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["labels"] = Manifests.Map(labels),
                ["annotations"] = Manifests.Map(annotations),
            },
            ["spec"] = podSpec,
        };

        // The hash covers everything above; it is added last so it does not hash itself.
        string hash = ObjectHash.Of(template);
        template["metadata"]!["annotations"]![ZkAnnotations.TemplateHash] = hash;
        return (template, hash);
    }

    private static JsonObject InitContainer(ZkEnsembleSpec spec, EnsembleNames names, int myidOffset) => new()
    {
        ["name"] = InitContainerName,
        ["image"] = spec.Image,
        ["imagePullPolicy"] = spec.ImagePullPolicy.ToString(),
        ["command"] = new JsonArray("sh", "-c", InitScript),
        ["env"] = new JsonArray(
            new JsonObject
            {
                ["name"] = "ZK_MYID_OFFSET",
                ["value"] = myidOffset.ToString(CultureInfo.InvariantCulture),
            },
            new JsonObject
            {
                ["name"] = "ZK_SUPER_DIGEST",
                ["valueFrom"] = new JsonObject
                {
                    ["secretKeyRef"] = new JsonObject { ["name"] = names.AdminSecret, ["key"] = AdminSecretBuilder.DigestKey },
                },
            }),
        ["securityContext"] = ContainerSecurityContext(),
        ["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = DataVolume, ["mountPath"] = ZooCfg.DataDir },
            new JsonObject { ["name"] = ConfigVolume, ["mountPath"] = ZooCfg.ConfigMountPath, ["readOnly"] = true }),
    };

    private static JsonObject MainContainer(ZkEnsembleSpec spec)
    {
        var container = new JsonObject
        {
            ["name"] = ContainerName,
            ["image"] = spec.Image,
            ["imagePullPolicy"] = spec.ImagePullPolicy.ToString(),
            ["args"] = new JsonArray(ZooCfg.RuntimeConfigDir + "/" + ZooCfg.StaticFileName),
            ["ports"] = new JsonArray(
                ContainerPort("client", ZooCfg.ClientPort),
                ContainerPort("quorum", QuorumPort),
                ContainerPort("election", ElectionPort)),
            ["env"] = new JsonArray(
                FieldEnv("POD_NAME", "metadata.name"),
                FieldEnv("POD_NAMESPACE", "metadata.namespace")),
        };

        if (spec.Resources is { } resources && (resources.Requests is { Count: > 0 } || resources.Limits is { Count: > 0 }))
        {
            var res = new JsonObject();
            if (resources.Requests is { Count: > 0 } requests)
            {
                res["requests"] = Manifests.Map(requests.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Value)));
            }

            if (resources.Limits is { Count: > 0 } limits)
            {
                res["limits"] = Manifests.Map(limits.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Value)));
            }

            container["resources"] = res;
        }

        container["readinessProbe"] = new JsonObject
        {
            ["exec"] = new JsonObject { ["command"] = new JsonArray("sh", "-c", ReadinessScript) },
            ["initialDelaySeconds"] = 5,
            ["periodSeconds"] = 5,
            ["timeoutSeconds"] = 5,
            ["failureThreshold"] = 3,
        };
        container["livenessProbe"] = new JsonObject
        {
            ["tcpSocket"] = new JsonObject { ["port"] = "client" },
            ["initialDelaySeconds"] = 15,
            ["periodSeconds"] = 10,
            ["timeoutSeconds"] = 5,
            ["failureThreshold"] = 6,
        };
        container["securityContext"] = ContainerSecurityContext();
        container["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = DataVolume, ["mountPath"] = ZooCfg.DataDir },
            new JsonObject { ["name"] = ConfigVolume, ["mountPath"] = ZooCfg.ConfigMountPath, ["readOnly"] = true },
            new JsonObject { ["name"] = TmpVolume, ["mountPath"] = "/tmp" });
        return container;
    }

    private static JsonObject ContainerPort(string name, int port) => new()
    {
        ["name"] = name,
        ["containerPort"] = port,
        ["protocol"] = "TCP",
    };

    private static JsonObject FieldEnv(string name, string fieldPath) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = fieldPath } },
    };

    private static JsonObject DefaultPodSecurityContext() => new()
    {
        ["runAsNonRoot"] = true,
        ["runAsUser"] = RunAsId,
        ["runAsGroup"] = RunAsId,
        ["fsGroup"] = RunAsId,
        ["fsGroupChangePolicy"] = "OnRootMismatch",
        ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
    };

    private static JsonObject ContainerSecurityContext() => new()
    {
        ["allowPrivilegeEscalation"] = false,
        ["readOnlyRootFilesystem"] = true,
        ["runAsNonRoot"] = true,
        ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
    };

    /// <summary>Preferred, not required: a small cluster must still be able to schedule every member.</summary>
    private static JsonObject DefaultAffinity(string ensemble) => new()
    {
        ["podAntiAffinity"] = new JsonObject
        {
            ["preferredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(new JsonObject
            {
                ["weight"] = 100,
                ["podAffinityTerm"] = new JsonObject
                {
                    ["labelSelector"] = new JsonObject { ["matchLabels"] = Manifests.Map(EnsembleLabels.Selector(ensemble)) },
                    ["topologyKey"] = "kubernetes.io/hostname",
                },
            }),
        },
    };
}
