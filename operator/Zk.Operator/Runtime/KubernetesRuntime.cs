using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Resources;
using Zk.Operator.Kube;

namespace Zk.Operator.Runtime;

/// <summary>
/// <see cref="IEnsembleRuntime"/> over the Kubernetes API and the ZooKeeper protocol: objects are read
/// and server-side applied with field manager <see cref="FieldManager"/>, members are asked with srvr
/// and getConfig through their stable DNS names (pod.headless-service.namespace.svc), and membership
/// changes with reconfig, authenticated as super with the password of the ensemble's admin Secret
/// (created once, before the members that read its digest; see <see cref="AdminSecretBuilder"/>).
/// </summary>
public sealed class KubernetesRuntime : IEnsembleRuntime
{
    public const string FieldManager = "zk-operator";

    private static readonly ApplyOptions Apply = new(FieldManager, Force: true);

    private readonly IKubeApi _api;
    private readonly TimeProvider _time;
    private readonly Func<EnsembleNames, string, string> _hostOf;

    /// <param name="hostOf">Where a member pod is reached; the headless Service's DNS name by default (tests redirect it).</param>
    public KubernetesRuntime(IKubeApi api, TimeProvider? timeProvider = null, Func<EnsembleNames, string, string>? hostOf = null)
    {
        _api = api;
        _time = timeProvider ?? TimeProvider.System;
        _hostOf = hostOf ?? ((names, pod) => names.PodHost(pod));
    }

    public TimeSpan ProbeTimeout { get; init; } = MemberProbe.DefaultTimeout;

    public async Task<ObservedEnsemble> ObserveAsync(DesiredEnsemble ensemble, ZkEnsembleStatus? status, CancellationToken cancellationToken)
    {
        var names = ensemble.Names;
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        int? voterReplicas = null;
        int? observerReplicas = null;
        foreach (var (type, name) in OwnedObjects(names))
        {
            var obj = await _api.GetAsync(type, names.Namespace, name, cancellationToken);
            if (obj is null)
            {
                continue;
            }

            hashes[ObjectKeys.Of(type.Kind, name)] = ObjectHash.Read(obj) ?? string.Empty;
            if (type == ResourceType.StatefulSet)
            {
                int replicas = ReadInt(obj["spec"]?["replicas"]) ?? 1;
                if (name == names.VotersStatefulSet)
                {
                    voterReplicas = replicas;
                }
                else
                {
                    observerReplicas = replicas;
                }
            }
        }

        var pods = await _api.ListAsync(ResourceType.Pod, names.Namespace, SelectorOf(names.Name), cancellationToken);
        var candidates = pods.Items
            .Select(pod => (Pod: pod, Id: IdOf(names, pod.GetName() ?? string.Empty)))
            .Where(p => p.Id is not null)
            .OrderBy(p => p.Id)
            .ToList();
        var answers = await Task.WhenAll(candidates.Select(p => AskAsync(names, p.Pod, cancellationToken)));
        var members = candidates.Select((p, i) => new ObservedMember(
            p.Pod.GetName()!,
            p.Id!.Value,
            answers[i].Role,
            answers[i].Zxid,
            answers[i].Serving,
            IsReady(p.Pod),
            (string?)p.Pod["metadata"]?["annotations"]?[ZkAnnotations.TemplateHash])
        {
            Uid = p.Pod.GetUid(),
            Terminating = p.Pod["metadata"]?["deletionTimestamp"] is not null,
        }).ToList();

        var serving = members.Where(m => m.Role != MemberRole.Unknown).ToList();
        EnsembleConfig? config = null;
        if (serving.Count > 0)
        {
            config = await EnsembleAdmin.ReadConfigAsync(ConnectString(names, serving.Select(m => m.PodName)), EnsembleAdmin.DefaultTimeout, cancellationToken);
            if (config is null && serving.Count == 1 && answers[members.IndexOf(serving[0])].Standalone)
            {
                // A standalone server has no dynamic configuration: its membership is itself.
                config = new EnsembleConfig(0, [names.Server(serving[0].Id)]);
            }
        }

        return new ObservedEnsemble
        {
            ObservedAt = _time.GetUtcNow(),
            AppliedHashes = hashes,
            VoterStatefulSetReplicas = voterReplicas,
            ObserverStatefulSetReplicas = observerReplicas,
            Members = members,
            CommittedConfig = config,
            Status = status,
        };
    }

    public async Task ApplyAsync(DesiredEnsemble ensemble, IReadOnlyList<JsonObject> objects, CancellationToken cancellationToken)
    {
        await SuperPasswordAsync(ensemble, cancellationToken);
        foreach (var manifest in objects)
        {
            await _api.ApplyAsync(TypeOf(manifest), manifest, Apply, cancellationToken);
        }
    }

    public async Task ScaleAsync(DesiredEnsemble ensemble, string statefulSet, int replicas, CancellationToken cancellationToken)
    {
        // A merge patch of spec.replicas only; the applied hash leaves replicas out, so this is not drift.
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        await _api.PatchAsync(ResourceType.StatefulSet, ensemble.Names.Namespace, statefulSet, PatchType.Merge, patch, cancellationToken);
    }

    public async Task RestartPodAsync(DesiredEnsemble ensemble, string pod, string? observedUid, CancellationToken cancellationToken)
    {
        // The uid precondition makes the delete hit only the incarnation the plan was made from: a pod the
        // StatefulSet controller already recreated under the same name (new uid) is left alone (409 instead).
        // Re-reading the uid by name here would defeat that, so it is read only when the plan had none.
        string? uid = observedUid;
        if (uid is null)
        {
            if (await _api.GetAsync(ResourceType.Pod, ensemble.Names.Namespace, pod, cancellationToken) is not { } current || current.GetUid() is not { } read)
            {
                return;
            }

            uid = read;
        }

        await _api.DeleteAsync(
            ResourceType.Pod, ensemble.Names.Namespace, pod, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = uid } }, cancellationToken);
    }

    public async Task AddMemberAsync(DesiredEnsemble ensemble, ServerEntry server, CancellationToken cancellationToken) =>
        await EnsembleAdmin.ReconfigAsync(
            await ServingConnectStringAsync(ensemble, cancellationToken), server.ToConfigLine(), null, EnsembleAdmin.DefaultTimeout, cancellationToken,
            await SuperPasswordAsync(ensemble, cancellationToken));

    public async Task RemoveMemberAsync(DesiredEnsemble ensemble, int id, CancellationToken cancellationToken) =>
        await EnsembleAdmin.ReconfigAsync(
            await ServingConnectStringAsync(ensemble, cancellationToken), null, id.ToString(CultureInfo.InvariantCulture), EnsembleAdmin.DefaultTimeout, cancellationToken,
            await SuperPasswordAsync(ensemble, cancellationToken));

    /// <summary>
    /// The super password from the ensemble's admin Secret, creating the Secret with a random password when it does not
    /// exist (an operator racing us to it wins: 409 means read theirs). Never updated: the members' digest comes from it.
    /// </summary>
    public async Task<string> SuperPasswordAsync(DesiredEnsemble ensemble, CancellationToken cancellationToken)
    {
        var names = ensemble.Names;
        for (int attempt = 0; ; attempt++)
        {
            if (await _api.GetAsync(ResourceType.Secret, names.Namespace, names.AdminSecret, cancellationToken) is { } existing)
            {
                return AdminSecretBuilder.PasswordOf(existing)
                    ?? throw new InvalidOperationException($"secret {names.Namespace}/{names.AdminSecret} has no {AdminSecretBuilder.PasswordKey}");
            }

            string password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            try
            {
                await _api.CreateAsync(ResourceType.Secret, AdminSecretBuilder.Build(ensemble.Ensemble, names, password), cancellationToken);
                return password;
            }
            catch (ConflictException) when (attempt == 0)
            {
                // Created by someone else between our read and our create: use theirs.
            }
        }
    }

    public async Task<int> TearDownAsync(ZkEnsemble ensemble, bool deleteVolumes, CancellationToken cancellationToken)
    {
        // Everything else carries an owner reference to the ZkEnsemble and goes with garbage collection.
        if (!deleteVolumes)
        {
            return 0;
        }

        var claims = await _api.ListAsync(ResourceType.PersistentVolumeClaim, ensemble.Metadata.Namespace, SelectorOf(ensemble.Metadata.Name), cancellationToken);
        int deleted = 0;
        foreach (var claim in claims.Items)
        {
            if (await _api.DeleteAsync(ResourceType.PersistentVolumeClaim, claim.GetNamespace(), claim.GetName()!, cancellationToken: cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>The label selector of every member pod and volume claim of one ensemble.</summary>
    public static string SelectorOf(string ensemble) =>
        string.Join(',', EnsembleLabels.Selector(ensemble).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>The server id of a member pod from its name (NAME-N or NAME-observer-N), null for anything else.</summary>
    public static int? IdOf(EnsembleNames names, string pod)
    {
        foreach (var (prefix, idOf) in new (string, Func<int, int>)[]
                 {
                     (names.ObserversStatefulSet + "-", EnsembleNames.ObserverId),
                     (names.VotersStatefulSet + "-", EnsembleNames.VoterId),
                 })
        {
            if (pod.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(pod.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int ordinal))
            {
                return idOf(ordinal);
            }
        }

        return null;
    }

    internal static ResourceType TypeOf(JsonObject manifest) => (string?)manifest["kind"] switch
    {
        "ConfigMap" => ResourceType.ConfigMap,
        "Service" => ResourceType.Service,
        "StatefulSet" => ResourceType.StatefulSet,
        "PodDisruptionBudget" => ResourceType.PodDisruptionBudget,
        var kind => throw new ArgumentException($"the operator does not own objects of kind '{kind}'", nameof(manifest)),
    };

    private static IEnumerable<(ResourceType Type, string Name)> OwnedObjects(EnsembleNames names) =>
    [
        (ResourceType.ConfigMap, names.ConfigMap),
        (ResourceType.Service, names.HeadlessService),
        (ResourceType.Service, names.ClientService),
        (ResourceType.StatefulSet, names.VotersStatefulSet),
        (ResourceType.StatefulSet, names.ObserversStatefulSet),
        (ResourceType.PodDisruptionBudget, names.PodDisruptionBudget),
    ];

    private async Task<MemberAnswer> AskAsync(EnsembleNames names, JsonObject pod, CancellationToken cancellationToken)
    {
        // Only running pods with an address can answer; asking the others would only wait for DNS to fail.
        if (pod["metadata"]?["deletionTimestamp"] is not null || (string?)pod["status"]?["podIP"] is not { Length: > 0 })
        {
            return MemberAnswer.NoAnswer;
        }

        return await MemberProbe.AskAsync(_hostOf(names, pod.GetName()!), ZooCfg.ClientPort, ProbeTimeout, cancellationToken);
    }

    private async Task<string> ServingConnectStringAsync(DesiredEnsemble ensemble, CancellationToken cancellationToken)
    {
        var pods = await _api.ListAsync(ResourceType.Pod, ensemble.Names.Namespace, SelectorOf(ensemble.Names.Name), cancellationToken);
        var ready = pods.Items.Where(IsReady).Select(p => p.GetName()!).ToList();
        if (ready.Count == 0)
        {
            throw new InvalidOperationException($"no member of {ensemble.Names.Namespace}/{ensemble.Names.Name} is ready to take a reconfig");
        }

        return ConnectString(ensemble.Names, ready);
    }

    private string ConnectString(EnsembleNames names, IEnumerable<string> pods) =>
        string.Join(',', pods.Select(pod => _hostOf(names, pod) + ":" + ZooCfg.ClientPort.ToString(CultureInfo.InvariantCulture)));

    private static bool IsReady(JsonObject pod) =>
        pod["metadata"]?["deletionTimestamp"] is null
        && pod["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True");

    private static int? ReadInt(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue(out int i) => i,
        JsonValue v when v.TryGetValue(out long l) => (int)l,
        _ => null,
    };
}
