using System.Globalization;
using System.Text.Json.Nodes;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;

namespace Zk.Operator.Runtime;

/// <summary>
/// <see cref="IEnsembleRuntime"/> with real zknode processes on 127.0.0.1 instead of Kubernetes: applied
/// objects are remembered (their hashes, the ConfigMap's zoo.cfg, the StatefulSets' sizes and template
/// hashes) and the StatefulSet controller's job — one process per ordinal, restarted when it dies — is
/// done here. Members are observed exactly as in a cluster, with srvr and getConfig, and membership
/// changes with reconfig, so the controller and planner run unchanged against real nodes.
/// </summary>
public sealed class LocalProcessRuntime(LocalRuntimeOptions options, TimeProvider time, JsonLog log) : IEnsembleRuntime, IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, LocalEnsembleState> _ensembles = new(StringComparer.Ordinal);

    public LocalRuntimeOptions Options => options;

    /// <summary>The client connect string of an ensemble's running members (for tests and the CLI banner).</summary>
    public string ConnectString(EnsembleNames names)
    {
        var state = StateOf(names);
        _lock.Wait();
        try
        {
            return string.Join(',', state.Members.Values.Select(m => "127.0.0.1:" + m.Ports.Client.ToString(CultureInfo.InvariantCulture)));
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>How many times a member process was found dead and started again.</summary>
    public int Restarts(EnsembleNames names) => StateOf(names).Restarts;

    public async Task<ObservedEnsemble> ObserveAsync(DesiredEnsemble ensemble, ZkEnsembleStatus? status, CancellationToken cancellationToken)
    {
        var names = ensemble.Names;
        var state = StateOf(names);
        await SyncAsync(names, state);

        List<LocalMember> members;
        Dictionary<string, string> hashes;
        int? voterPods, observerPods;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            members = [.. state.Members.Values];
            hashes = new Dictionary<string, string>(state.AppliedHashes, StringComparer.Ordinal);
            voterPods = state.StatefulSets.TryGetValue(names.VotersStatefulSet, out var voters) ? voters.Replicas : null;
            observerPods = state.StatefulSets.TryGetValue(names.ObserversStatefulSet, out var observers) ? observers.Replicas : null;
        }
        finally
        {
            _lock.Release();
        }

        var answers = await Task.WhenAll(members.Select(m => m.IsRunning
            ? MemberProbe.AskAsync("127.0.0.1", m.Ports.Client, options.ProbeTimeout, cancellationToken)
            : Task.FromResult(MemberAnswer.NoAnswer)));

        // The readiness probe of the pod template is "srvr reports a serving mode"; locally the same check.
        var observed = members.Select((m, i) => new ObservedMember(
            m.Pod, m.Id, answers[i].Role, answers[i].Zxid, answers[i].Serving, m.IsRunning && answers[i].Serving, m.TemplateHash)).ToList();

        var serving = members.Where((_, i) => answers[i].Serving).ToList();
        EnsembleConfig? config = null;
        if (serving.Count > 0)
        {
            string connect = string.Join(',', serving.Select(m => "127.0.0.1:" + m.Ports.Client.ToString(CultureInfo.InvariantCulture)));
            config = await EnsembleAdmin.ReadConfigAsync(connect, EnsembleAdmin.DefaultTimeout, cancellationToken);

            // Reported back with the addresses the Core renders, so the ConfigMap it derives does not flip-flop.
            config = config is null ? null : config with { Servers = [.. config.Servers.Select(s => names.Server(s.Id) with { Role = s.Role })] };
            if (config is null && serving.Count == 1 && answers[members.IndexOf(serving[0])].Standalone)
            {
                config = new EnsembleConfig(0, [names.Server(serving[0].Id)]);
            }
        }

        return new ObservedEnsemble
        {
            ObservedAt = time.GetUtcNow(),
            AppliedHashes = hashes,
            VoterStatefulSetReplicas = voterPods,
            ObserverStatefulSetReplicas = observerPods,
            Members = observed,
            CommittedConfig = config,
            Status = status,
        };
    }

    public async Task ApplyAsync(DesiredEnsemble ensemble, IReadOnlyList<JsonObject> objects, CancellationToken cancellationToken)
    {
        var names = ensemble.Names;
        var state = StateOf(names);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            foreach (var manifest in objects)
            {
                string key = ObjectKeys.Of(manifest);
                state.AppliedHashes[key] = ObjectHash.Read(manifest) ?? string.Empty;
                switch ((string?)manifest["kind"])
                {
                    case "ConfigMap":
                        state.ZooCfg = (string?)manifest["data"]?[ZooCfg.StaticFileName];
                        state.Dynamic = (string?)manifest["data"]?[ZooCfg.DynamicFileName];
                        break;
                    case "StatefulSet":
                        string name = (string)manifest["metadata"]!["name"]!;
                        int replicas = (int?)manifest["spec"]?["replicas"] ?? 1;
                        string? hash = (string?)manifest["spec"]?["template"]?["metadata"]?["annotations"]?[ZkAnnotations.TemplateHash];
                        state.StatefulSets[name] = (replicas, hash);
                        break;
                    default:
                        // Services and the PodDisruptionBudget have no local meaning; their hash is enough.
                        break;
                }
            }
        }
        finally
        {
            _lock.Release();
        }

        await SyncAsync(names, state);
    }

    public async Task ScaleAsync(DesiredEnsemble ensemble, string statefulSet, int replicas, CancellationToken cancellationToken)
    {
        var state = StateOf(ensemble.Names);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var current = state.StatefulSets.GetValueOrDefault(statefulSet);
            state.StatefulSets[statefulSet] = (replicas, current.TemplateHash);
        }
        finally
        {
            _lock.Release();
        }

        await SyncAsync(ensemble.Names, state);
    }

    public async Task RestartPodAsync(DesiredEnsemble ensemble, string pod, string? observedUid, CancellationToken cancellationToken)
    {
        var state = StateOf(ensemble.Names);
        LocalMember? member = null;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (KubernetesRuntime.IdOf(ensemble.Names, pod) is int id && state.Members.Remove(id, out member))
            {
                log.Info("restarting member", ("pod", pod), ("pid", member.ProcessId));
            }
        }
        finally
        {
            _lock.Release();
        }

        if (member is not null)
        {
            await member.DisposeAsync();
        }

        await SyncAsync(ensemble.Names, state);
    }

    public async Task AddMemberAsync(DesiredEnsemble ensemble, ServerEntry server, CancellationToken cancellationToken) =>
        await EnsembleAdmin.ReconfigAsync(RequireConnectString(ensemble.Names), LocalConfig.Loopback(server, options.BasePort).ToConfigLine(), null, EnsembleAdmin.DefaultTimeout, cancellationToken, LocalConfig.SuperPassword);

    public async Task RemoveMemberAsync(DesiredEnsemble ensemble, int id, CancellationToken cancellationToken) =>
        await EnsembleAdmin.ReconfigAsync(RequireConnectString(ensemble.Names), null, id.ToString(CultureInfo.InvariantCulture), EnsembleAdmin.DefaultTimeout, cancellationToken, LocalConfig.SuperPassword);

    public async Task<int> TearDownAsync(ZkEnsemble ensemble, bool deleteVolumes, CancellationToken cancellationToken)
    {
        var names = new EnsembleNames(ensemble.Metadata.Name, ensemble.Metadata.Namespace ?? "default");
        string key = KeyOf(names);
        LocalEnsembleState? state;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            lock (_ensembles)
            {
                _ensembles.Remove(key, out state);
            }
        }
        finally
        {
            _lock.Release();
        }

        string directory = state?.Directory ?? DirectoryOf(names);
        foreach (var member in state?.Members.Values ?? Enumerable.Empty<LocalMember>())
        {
            await member.DisposeAsync();
        }

        if (!deleteVolumes || !Directory.Exists(directory))
        {
            return 0;
        }

        int volumes = Directory.GetDirectories(directory).Length;
        Directory.Delete(directory, recursive: true);
        return volumes;
    }

    public async ValueTask DisposeAsync()
    {
        List<LocalMember> members;
        await _lock.WaitAsync();
        try
        {
            lock (_ensembles)
            {
                members = [.. _ensembles.Values.SelectMany(e => e.Members.Values)];
                _ensembles.Clear();
            }
        }
        finally
        {
            _lock.Release();
        }

        foreach (var member in members)
        {
            await member.DisposeAsync();
        }

        _lock.Dispose();
    }

    /// <summary>
    /// The StatefulSet controller and kubelet in one: a process per ordinal below each StatefulSet's size
    /// (started from the current ConfigMap and template), none above it, and dead ones started again.
    /// </summary>
    private async Task SyncAsync(EnsembleNames names, LocalEnsembleState state)
    {
        var stopped = new List<LocalMember>();
        await _lock.WaitAsync();
        try
        {
            if (state.ZooCfg is null || state.Dynamic is null)
            {
                return;
            }

            var wanted = new Dictionary<int, (string Pod, string? TemplateHash)>();
            foreach (var (statefulSet, (replicas, hash)) in state.StatefulSets)
            {
                bool observers = statefulSet == names.ObserversStatefulSet;
                for (int ordinal = 0; ordinal < replicas; ordinal++)
                {
                    int id = observers ? EnsembleNames.ObserverId(ordinal) : EnsembleNames.VoterId(ordinal);
                    wanted[id] = (names.PodForId(id), hash);
                }
            }

            foreach (var (id, member) in state.Members.ToList())
            {
                if (!wanted.ContainsKey(id) || !member.IsRunning)
                {
                    state.Members.Remove(id);
                    stopped.Add(member);
                    if (wanted.ContainsKey(id))
                    {
                        state.Restarts++;
                        log.Warn("member process exited, starting it again", ("pod", member.Pod), ("pid", member.ProcessId));
                    }
                }
            }

            // Wait for the old process to release its ports before its successor binds them.
            foreach (var member in stopped)
            {
                await member.DisposeAsync();
            }

            foreach (var (id, (pod, hash)) in wanted)
            {
                if (state.Members.ContainsKey(id))
                {
                    continue;
                }

                var ports = LocalPorts.For(options.BasePort, id);
                string directory = Path.Combine(state.Directory, pod);
                var member = LocalMember.Start(
                    options.ZknodeBinary,
                    pod,
                    id,
                    ports,
                    directory,
                    LocalConfig.RenderStatic(state.ZooCfg, directory, ports),
                    LocalConfig.RenderDynamic(state.Dynamic, options.BasePort),
                    hash);
                state.Members[id] = member;
                log.Info("started member", ("pod", pod), ("id", id), ("clientPort", ports.Client), ("pid", member.ProcessId), ("dir", directory));
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private string RequireConnectString(EnsembleNames names)
    {
        string connect = ConnectString(names);
        return connect.Length > 0 ? connect : throw new InvalidOperationException($"no local member of {names.Name} is running");
    }

    private LocalEnsembleState StateOf(EnsembleNames names)
    {
        lock (_ensembles)
        {
            string key = KeyOf(names);
            if (!_ensembles.TryGetValue(key, out var state))
            {
                state = new LocalEnsembleState(DirectoryOf(names));
                _ensembles[key] = state;
            }

            return state;
        }
    }

    private string DirectoryOf(EnsembleNames names) => Path.Combine(options.DataDirectory, $"{names.Namespace}-{names.Name}");

    private static string KeyOf(EnsembleNames names) => $"{names.Namespace}/{names.Name}";
}
