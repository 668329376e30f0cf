using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Zk.Client;
using Zk.Operator.Cluster.Tests.PodRunner;
using Zk.Operator.Cluster.Tests.Sandbox;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;
using Zk.Operator.Kube;
using Zk.Operator.Kube.Tests.Fake;

namespace Zk.Operator.Cluster.Tests.Harness;

/// <summary>
/// The operator as `zk-operator run` runs it — <see cref="OperatorHost"/> (informers, work queue, controller,
/// KubernetesRuntime) talking HTTP to the fake API server — with a <see cref="PodRunner.PodRunner"/> playing
/// kubelet and the controllers, so the member pods are real zknode processes reached through their DNS names.
/// The one place that wires the operator to the API: re-point it here when the client changes.
/// </summary>
internal sealed class KubeEnsembleHarness : IAsyncDisposable
{
    public const string Namespace = "e2e";

    /// <summary>The operator's service-account token: with it every operator request is checked against the chart's RBAC.</summary>
    private const string OperatorToken = "zk-operator-service-account-token";

    private readonly FakeKubeApiServer _server;
    private readonly FakeRbac _rbac;
    private readonly KubernetesApi _api;
    private readonly PodRunner.PodRunner _runner;
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _log = new();
    private readonly Task _operator;

    private KubeEnsembleHarness(FakeKubeApiServer server, PodRunner.PodRunner runner, EnsembleNames names)
    {
        _server = server;
        _runner = runner;
        Names = names;
        Store = new ClusterStore(server.Store);

        // The chart's default (cluster-wide) RBAC, enforced on the operator's requests only: the pod runner and the
        // test write the store directly, as the cluster's own controllers and an administrator would.
        _rbac = FakeRbac.FromChart("cluster-wide");
        server.Authorizer = _rbac.AddToken(OperatorToken, FakeRbac.OperatorUser);
        _api = server.CreateClient(bearerToken: OperatorToken);
        var log = new JsonLog(TextWriter.Synchronized(_log), TimeProvider.System);
        var options = new OperatorHostOptions
        {
            Namespaces = [Namespace],
            Identity = "zk-operator-e2e",
            ResyncPeriod = TimeSpan.FromSeconds(2),
            Controller = new Controller.ControllerOptions { AfterStep = TimeSpan.FromMilliseconds(200), WhileWaiting = TimeSpan.FromMilliseconds(500) },
            Queue = new Queue.WorkQueueOptions { InitialBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(2) },
        };
        var host = new OperatorHost(_api, options, new OperatorMetrics(nameof(KubeEnsembleHarness)), log, TimeProvider.System);
        _operator = Task.Run(() => host.RunAsync(_stop.Token));
    }

    public EnsembleNames Names { get; }

    public ClusterStore Store { get; }

    public PodRunner.PodRunner Runner => _runner;

    /// <summary>Starts the API server, the pod runner and the operator, and creates the ZkEnsemble as a user would.</summary>
    public static async Task<KubeEnsembleHarness> StartAsync(
        string name, int replicas, int observers = 0, ReclaimPolicy reclaim = ReclaimPolicy.Retain, int podReadyTimeoutSeconds = RollingUpdateSpec.DefaultPodReadyTimeoutSeconds)
    {
        ClusterSandbox.Require();
        string zknode = ZknodeBinary();
        var server = await FakeKubeApiServer.StartAsync(TimeProvider.System);
        var runner = PodRunner.PodRunner.Start(server.Store, Path.GetDirectoryName(zknode)!);
        var harness = new KubeEnsembleHarness(server, runner, new EnsembleNames(name, Namespace));
        var ensemble = new ZkEnsemble
        {
            Metadata = new Core.Resources.ObjectMeta { Name = name, Namespace = Namespace },
            Spec = new ZkEnsembleSpec
            {
                Replicas = replicas,
                Observers = observers,
                Config = new() { ["tickTime"] = "200" },
                Storage = new StorageSpec { ReclaimPolicy = reclaim },
                RollingUpdate = new RollingUpdateSpec { PodReadyTimeoutSeconds = podReadyTimeoutSeconds },
            },
        };
        harness.Store.Create(ClusterStore.Ensembles, Namespace, ensemble.ToJsonObject());
        return harness;
    }

    public JsonObject? Resource => Store.Get(ClusterStore.Ensembles, Namespace, Names.Name);

    public ZkEnsembleStatus? Status => Resource is { } obj ? ZkEnsemble.FromJson(obj).Status : null;

    /// <summary>The DNS names of the voters 0..replicas-1, as clients in the cluster use them.</summary>
    public string ConnectString(int replicas) => string.Join(',', Enumerable.Range(0, replicas)
        .Select(i => Names.PodHost(StatefulSetController.PodName(Names.VotersStatefulSet, i)) + ":" + ZooCfg.ClientPort.ToString(CultureInfo.InvariantCulture)));

    public Task<ZkClient> ConnectAsync(int replicas) => ZkClient.ConnectAsync(ConnectString(replicas), TimeSpan.FromSeconds(15));

    /// <summary>Waits until the status says Available with the given ready voters; a timeout tells everything known.</summary>
    public async Task WaitForAvailableAsync(int readyReplicas, TimeSpan deadline) =>
        await WaitAsync(
            () => Status is { } s && Conditions.IsTrue(s.Conditions, ConditionTypes.Available) && s.ReadyReplicas == readyReplicas
                  && s.ObservedGeneration == (Resource is { } r ? Meta.Generation(r) : -1),
            $"{Names.Name} Available with {readyReplicas} ready voter(s) at the current generation",
            deadline);

    /// <summary>Every request of the operator the chart's RBAC refused so far, as "user verb group/resource namespace/name".</summary>
    public IReadOnlyList<string> Denials => _rbac.Denials;

    /// <summary>
    /// Waits for a condition; a timeout carries the status, events, operator log and pod logs. A request the chart's
    /// RBAC refused fails the wait at once: the chart would break the operator on a real cluster.
    /// </summary>
    public async Task WaitAsync(Func<bool> condition, string what, TimeSpan deadline)
    {
        try
        {
            await Eventually.True(() => Task.FromResult(Denials.Count > 0 || condition()), what, deadline);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + Diagnostics(), e);
        }

        AssertNoDenials();
    }

    /// <summary>Changes the spec as a user editing the resource would.</summary>
    public void Edit(Action<ZkEnsembleSpec> change)
    {
        for (int attempt = 0; ; attempt++)
        {
            var obj = Resource ?? throw new InvalidOperationException($"{Names.Name} does not exist");
            var ensemble = ZkEnsemble.FromJson(obj);
            change(ensemble.Spec);
            var updated = ensemble.ToJsonObject();
            updated["metadata"]!["resourceVersion"] = obj["metadata"]!["resourceVersion"]!.DeepClone();
            if (Store.Replace(ClusterStore.Ensembles, updated) || attempt > 20)
            {
                return;
            }
        }
    }

    public void Delete() => Store.Delete(ClusterStore.Ensembles, Namespace, Names.Name);

    /// <summary>Events recorded in the namespace, oldest first, as "Reason: message".</summary>
    public IReadOnlyList<string> Events() => Store.List(ClusterStore.Events, Namespace)
        .OrderBy(e => long.Parse((string)e["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture))
        .Select(e => $"{e["reason"]}: {e["message"]}")
        .ToList();

    /// <summary>The messages of the Warning events with this reason, oldest first.</summary>
    public IReadOnlyList<string> WarningEvents(string reason) => Store.List(ClusterStore.Events, Namespace)
        .Where(e => (string?)e["type"] == "Warning" && (string?)e["reason"] == reason)
        .OrderBy(e => long.Parse((string)e["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture))
        .Select(e => (string?)e["message"] ?? "")
        .ToList();

    /// <summary>Status, events, the operator's log and the pods' logs, for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        text.Append("RBAC denials: ").AppendJoin(", ", Denials).Append('\n');
        text.Append("status: ").Append(Resource?["status"]?.ToJsonString()).Append('\n');
        text.Append("pods: ").AppendJoin(", ", Store.List(ClusterStore.Pods, Namespace).Select(p =>
            $"{Meta.Name(p)} ip={p["status"]?["podIP"]} ready={p["status"]?["containerStatuses"]?[0]?["ready"]} restarts={p["status"]?["containerStatuses"]?[0]?["restartCount"]}{(Meta.IsDeleting(p) ? " deleting" : "")}")).Append('\n');
        text.Append("events:\n").AppendJoin('\n', Events()).Append('\n');
        text.Append("operator steps:\n").AppendJoin('\n', OperatorLog(int.MaxValue).Split('\n').Where(l => l.Contains("\"executed step\"", StringComparison.Ordinal))).Append('\n');
        text.Append("operator log (last lines):\n").Append(OperatorLog(60)).Append('\n');
        text.Append(_runner.Logs());
        return text.ToString();
    }

    public string OperatorLog(int lines)
    {
        string text;
        lock (_log)
        {
            text = _log.ToString();
        }

        return string.Join("\n", text.Split('\n').TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _operator;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        // A refusal after the test's last wait still fails it: everything the operator did must pass the chart's RBAC.
        string? refused = Denials.Count == 0 ? null : DenialsMessage();
        await _runner.DisposeAsync();
        _api.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
        if (refused is not null)
        {
            throw new InvalidOperationException(refused);
        }
    }

    private void AssertNoDenials()
    {
        if (Denials.Count > 0)
        {
            throw new InvalidOperationException(DenialsMessage());
        }
    }

    private string DenialsMessage() =>
        $"the chart's RBAC refused the operator {Denials.Count} request(s):\n{string.Join('\n', Denials.Distinct())}\n{Diagnostics()}";

    private static string ZknodeBinary()
    {
        string path = Runtime.LocalRuntimeOptions.DefaultBinary();
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException("zknode is not built: run `make build` (or `dotnet publish node/Zk.Node.Server -c Release -o out/zknode`) or set ZKNODE_BIN");
    }
}
