using System.Text.Json.Nodes;
using Zk.Operator.Controller;
using Zk.Operator.Core.Desired;
using Zk.Operator.Kube;
using Zk.Operator.Kube.Informer;
using Zk.Operator.Queue;
using Zk.Operator.Runtime;

namespace Zk.Operator.Hosting;

/// <summary>
/// The operator against Kubernetes: informers on ZkEnsembles and on the member pods (a pod change
/// enqueues its ensemble, so readiness changes are seen without waiting for the resync), a work queue
/// with periodic resync, and the controller loop reading objects from the informer cache.
/// </summary>
public sealed class OperatorHost(IKubeApi api, OperatorHostOptions options, OperatorMetrics metrics, JsonLog log, TimeProvider time)
{
    private volatile bool _synced;

    /// <summary>True once every informer has loaded its first list.</summary>
    public bool Synced => _synced;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var queue = new WorkQueue(options.Queue with { TimeProvider = time });
        metrics.QueueDepth = () => queue.Depth;
        IReadOnlyList<string?> namespaces = options.Namespaces.Count == 0 ? [null] : [.. options.Namespaces];
        var informerOptions = new InformerOptions { TimeProvider = time };
        var ensembles = namespaces.Select(ns => new ResourceInformer(api, ResourceType.ZkEnsemble, ns, informerOptions)).ToList();
        var pods = namespaces.Select(ns => new ResourceInformer(
            api, ResourceType.Pod, ns, informerOptions with { LabelSelector = $"{EnsembleLabels.ManagedBy}={EnsembleLabels.Manager}" })).ToList();
        foreach (var informer in ensembles)
        {
            informer.Changed += change => queue.Add(change.Key);
        }

        foreach (var informer in pods)
        {
            informer.Changed += change =>
            {
                if ((string?)change.Object["metadata"]?["labels"]?[EnsembleLabels.Instance] is { Length: > 0 } owner)
                {
                    queue.Add(KubeObject.KeyOf(change.Object.GetNamespace(), owner));
                }
            };
        }

        var runtime = new KubernetesRuntime(api, time);
        var store = new KubeEnsembleStore(api, time, log.For("events"), options.Identity);
        var controller = new ZkEnsembleController(runtime, store, time, log.For("controller"), metrics, options.Controller);
        var loop = new ControllerLoop(queue, (key, _) => Task.FromResult(Find(ensembles, key)), controller, metrics, log.For("loop"), time);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informing = ensembles.Concat(pods).Select(i => i.RunAsync(stop.Token)).ToList();
        try
        {
            await Task.WhenAll(ensembles.Concat(pods).Select(i => i.WaitForSyncAsync(stop.Token)));
            _synced = true;
            log.Info("informers synced", ("namespaces", options.Namespaces.Count == 0 ? "*" : string.Join(",", options.Namespaces)));
            using var resync = queue.StartResync(() => ensembles.SelectMany(i => i.List()).Select(o => o.GetKey()).ToList(), options.ResyncPeriod);
            await using var registration = stop.Token.Register(queue.ShutDown);
            await loop.RunAsync(options.Workers, stop.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down (or leadership lost).
        }
        finally
        {
            _synced = false;
            await stop.CancelAsync();
            await Task.WhenAll(informing);
        }
    }

    private static JsonObject? Find(List<ResourceInformer> informers, string key)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        string? ns = slash < 0 ? null : key[..slash];
        string name = slash < 0 ? key : key[(slash + 1)..];
        foreach (var informer in informers)
        {
            if (informer.TryGet(ns, name, out var obj))
            {
                // Cached objects are shared with the informer: the controller gets its own copy.
                return obj.DeepClone().AsObject();
            }
        }

        return null;
    }
}
