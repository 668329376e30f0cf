using System.Text.Json.Nodes;
using Zk.Operator.Controller;
using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;
using Zk.Operator.Kube;
using Zk.Operator.Kube.Tests.Fake;
using Zk.Operator.Runtime;

namespace Zk.Operator.Tests.Support;

/// <summary>The controller wired to the in-process fake API server, as the operator wires it to a cluster.</summary>
internal sealed class ControllerFixture : IAsyncDisposable
{
    public const string Namespace = "zk";

    private ControllerFixture(FakeKubeApiServer server, KubernetesApi api, KubernetesApi operatorApi, ManualTimeProvider time, ControllerOptions? options)
    {
        Server = server;
        Api = api;
        OperatorApi = operatorApi;
        Time = time;
        Metrics = new OperatorMetrics(nameof(ControllerFixture));
        Runtime = new KubernetesRuntime(operatorApi, time);
        Controller = new ZkEnsembleController(
            Runtime,
            new KubeEnsembleStore(operatorApi, time, JsonLog.Null, "test"),
            time,
            JsonLog.Null,
            Metrics,
            options);
    }

    public FakeKubeApiServer Server { get; }

    /// <summary>The test's own client (the fake's administrator: no token, never refused).</summary>
    public KubernetesApi Api { get; }

    /// <summary>The operator's client: with RBAC on, it carries the chart's service account token.</summary>
    public KubernetesApi OperatorApi { get; }

    public KubernetesRuntime Runtime { get; }

    public ManualTimeProvider Time { get; }

    public OperatorMetrics Metrics { get; }

    public ZkEnsembleController Controller { get; }

    /// <param name="rbac">Enforce these Roles and bindings on the operator's requests, made as the chart's service account.</param>
    public static async Task<ControllerFixture> StartAsync(FakeRbac? rbac = null, ControllerOptions? options = null)
    {
        var time = new ManualTimeProvider();
        var server = await FakeKubeApiServer.StartAsync(time);
        var api = server.CreateClient();
        if (rbac is null)
        {
            return new ControllerFixture(server, api, api, time, options);
        }

        const string token = "zk-operator-service-account-token";
        server.Authorizer = rbac.AddToken(token, FakeRbac.OperatorUser);
        return new ControllerFixture(server, api, server.CreateClient(bearerToken: token), time, options);
    }

    public static ZkEnsemble Ensemble(string name = "zk", int replicas = 3, int observers = 0, ReclaimPolicy reclaim = ReclaimPolicy.Retain) => new()
    {
        Metadata = new Core.Resources.ObjectMeta { Name = name, Namespace = Namespace },
        Spec = new ZkEnsembleSpec
        {
            Replicas = replicas,
            Observers = observers,
            Storage = new StorageSpec { ReclaimPolicy = reclaim },
        },
    };

    /// <summary>Creates the resource as a user would; returns it as the API server stored it.</summary>
    public JsonObject Create(ZkEnsemble ensemble) => Server.Store.Seed(ResourceType.ZkEnsemble, ensemble.ToJsonObject());

    public async Task<JsonObject> GetAsync(string name = "zk") =>
        await Api.GetAsync(ResourceType.ZkEnsemble, Namespace, name) ?? throw new InvalidOperationException($"{name} does not exist");

    public async Task<ReconcileResult> ReconcileAsync(string name = "zk") => await Controller.ReconcileAsync(await GetAsync(name), CancellationToken.None);

    public JsonObject? Peek(ResourceType type, string name) => Server.Store.Peek(type, Namespace, name);

    public async Task<IReadOnlyList<JsonObject>> EventsAsync() => (await Api.ListAsync(ResourceType.Event, Namespace)).Items;

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (!ReferenceEquals(OperatorApi, Api))
        {
            OperatorApi.Dispose();
        }

        await Server.DisposeAsync();
    }
}
