using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Planning;
using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;
using Zk.Operator.Kube;
using Zk.Operator.Runtime;

namespace Zk.Operator.Controller;

/// <summary>
/// The ZkEnsemble controller, in the KubeOps shape (ReconcileAsync / DeletedAsync on the entity, a finalizer)
/// and the desired → plan → execute split of principle 8:
/// <list type="number">
/// <item>validate; an invalid spec only gets Degraded/ValidationFailed and a Warning event;</item>
/// <item>ensure the finalizer (so deletion can honour storage.reclaimPolicy);</item>
/// <item>observe through the <see cref="IEnsembleRuntime"/>, ask <see cref="Planner.Next"/> for one step;</item>
/// <item>execute exactly that step (applying drifted objects is a step too), idempotently;</item>
/// <item>write the status when it changed, and requeue while progressing.</item>
/// </list>
/// A 409 anywhere means the object moved under us: requeue soon, never crash. Other errors propagate to
/// the queue, which retries with backoff.
/// </summary>
public sealed class ZkEnsembleController(
    IEnsembleRuntime runtime,
    IEnsembleStore store,
    TimeProvider time,
    JsonLog log,
    OperatorMetrics? metrics = null,
    ControllerOptions? options = null)
{
    public const string Finalizer = "zookeeper.zkoperator.io/finalizer";

    private readonly ControllerOptions _options = options ?? new ControllerOptions();

    /// <summary>Brings the world one step closer to <paramref name="entity"/>'s spec.</summary>
    public async Task<ReconcileResult> ReconcileAsync(JsonObject entity, CancellationToken cancellationToken)
    {
        if (entity["metadata"]?["deletionTimestamp"] is not null)
        {
            return await DeletedAsync(entity, cancellationToken);
        }

        try
        {
            return await ReconcileLiveAsync(entity, cancellationToken);
        }
        catch (ConflictException e)
        {
            log.Info("conflict, requeueing", ("object", entity.GetKey()), ("error", e.Message));
            return ReconcileResult.Requeue("conflict", _options.AfterConflict);
        }
    }

    /// <summary>
    /// The resource is being deleted: the finalizer deletes the members' volumes only when
    /// storage.reclaimPolicy is Delete (garbage collection takes everything else), then lets it go.
    /// </summary>
    public async Task<ReconcileResult> DeletedAsync(JsonObject entity, CancellationToken cancellationToken)
    {
        var finalizers = entity.GetMetadata().Finalizers ?? [];
        if (!finalizers.Contains(Finalizer))
        {
            return ReconcileResult.Done("finalized");
        }

        var ensemble = TryParse(entity, out _) ?? MinimalEnsemble(entity);
        bool deleteVolumes = ReclaimPolicyOf(entity) == ReclaimPolicy.Delete;
        int deleted = await runtime.TearDownAsync(ensemble, deleteVolumes, cancellationToken);
        log.Info("finalizing", ("object", entity.GetKey()), ("reclaimPolicy", deleteVolumes ? "Delete" : "Retain"), ("volumesDeleted", deleted));
        await store.RecordEventAsync(
            entity,
            "Normal",
            "Finalized",
            deleteVolumes ? $"deleted {deleted} volume claim(s) (reclaimPolicy Delete)" : "kept the volume claims (reclaimPolicy Retain)",
            cancellationToken);
        try
        {
            await store.RemoveFinalizerAsync(entity, Finalizer, cancellationToken);
        }
        catch (ConflictException)
        {
            return ReconcileResult.Requeue("conflict", _options.AfterConflict);
        }

        return ReconcileResult.Done("finalized");
    }

    private async Task<ReconcileResult> ReconcileLiveAsync(JsonObject entity, CancellationToken cancellationToken)
    {
        var ensemble = TryParse(entity, out string? parseError);
        if (ensemble is null)
        {
            log.Warn("unreadable resource", ("object", entity.GetKey()), ("error", parseError));
            await store.RecordEventAsync(entity, "Warning", "ValidationFailed", "the resource cannot be read: " + parseError, cancellationToken);
            return ReconcileResult.Done("invalid");
        }

        var desired = DesiredEnsemble.From(ensemble, _options.ClusterDomain);
        if (!desired.IsValid)
        {
            return await ReportInvalidAsync(entity, desired, cancellationToken);
        }

        entity = await store.AddFinalizerAsync(entity, Finalizer, cancellationToken);

        var observed = await runtime.ObserveAsync(desired, ensemble.Status, cancellationToken);
        var step = Planner.Next(desired, observed);
        ExceptionDispatchInfo? failed = null;
        try
        {
            await ExecuteAsync(entity, desired, step, cancellationToken);
        }
        catch (Exception e) when (e is not ConflictException and not OperationCanceledException)
        {
            // An apply refused (say 422 on an immutable field) or a failed reconfig: say so in the status and an
            // Event, not only in a log line, then let the queue retry with backoff.
            failed = ExceptionDispatchInfo.Capture(e);
        }

        var failure = failed is null ? null : StepFailure.Of(step, failed.SourceException.Message);
        var status = failure is null && step is Step.UpdateStatus update ? update.Status : StatusBuilder.Build(desired, observed, step, failure);
        if (!StatusBuilder.SameAs(status, ensemble.Status))
        {
            await store.WriteStatusAsync(entity, status, cancellationToken);
            log.Info("status", ("object", entity.GetKey()), ("phase", status.Phase), ("ready", status.ReadyReplicas), ("replicas", status.Replicas), ("leader", status.Leader));
            if (NewlyDegraded(ensemble.Status, status) is { } degraded)
            {
                log.Warn("degraded", ("object", entity.GetKey()), ("reason", degraded.Reason), ("message", degraded.Message));
                await store.RecordEventAsync(entity, "Warning", degraded.Reason, degraded.Message, cancellationToken);
            }
        }

        failed?.Throw();

        // A status refresh of a settled ensemble is not progress: members' zxids move with every client
        // write (and with our own getConfig sessions), so requeueing on it would reconcile forever.
        bool settled = !Conditions.IsTrue(status.Conditions, ConditionTypes.Progressing);
        return step switch
        {
            Step.Done => ReconcileResult.Done(),
            Step.UpdateStatus when settled => ReconcileResult.Done(),
            Step.WaitFor or Step.UpdateStatus => ReconcileResult.Requeue("waiting", _options.WhileWaiting),
            _ => ReconcileResult.Requeue("progressing", _options.AfterStep),
        };
    }

    private async Task<ReconcileResult> ReportInvalidAsync(JsonObject entity, DesiredEnsemble desired, CancellationToken cancellationToken)
    {
        var stored = desired.Ensemble.Status;
        var observed = new ObservedEnsemble { ObservedAt = time.GetUtcNow(), Status = stored };
        var status = StatusBuilder.Build(desired, observed, null);
        if (!StatusBuilder.SameAs(status, stored))
        {
            string errors = string.Join("; ", desired.Errors);
            log.Warn("invalid spec, nothing changed", ("object", entity.GetKey()), ("errors", errors));
            await store.WriteStatusAsync(entity, status, cancellationToken);
            await store.RecordEventAsync(entity, "Warning", "ValidationFailed", errors, cancellationToken);
        }

        // Nothing to retry: the next spec change brings the object back.
        return ReconcileResult.Done("invalid");
    }

    private async Task ExecuteAsync(JsonObject entity, DesiredEnsemble desired, Step step, CancellationToken cancellationToken)
    {
        string? reason = step switch
        {
            Step.ApplyObjects applyObjects => await Run(runtime.ApplyAsync(desired, applyObjects.Objects, cancellationToken), "Applied"),
            Step.ScaleStatefulSet scale => await Run(runtime.ScaleAsync(desired, scale.Name, scale.Replicas, cancellationToken), "Scaled"),
            Step.RestartPod restart => await Run(runtime.RestartPodAsync(desired, restart.Name, restart.Uid, cancellationToken), "RestartedMember"),
            Step.AddMember add => await Run(runtime.AddMemberAsync(desired, add.Server, cancellationToken), "AddedMember"),
            Step.RemoveMember remove => await Run(runtime.RemoveMemberAsync(desired, remove.Id, cancellationToken), "RemovedMember"),
            _ => null,
        };

        string kind = step.GetType().Name;
        metrics?.RecordStep(kind);
        if (reason is null)
        {
            if (step is Step.WaitFor)
            {
                log.Info("waiting", ("object", entity.GetKey()), ("for", step.Describe()));
            }

            return;
        }

        log.Info("executed step", ("object", entity.GetKey()), ("step", kind), ("detail", step.Describe()));
        await store.RecordEventAsync(entity, "Normal", reason, Capitalize(step.Describe()), cancellationToken);

        static async Task<string> Run(Task action, string reason)
        {
            await action;
            return reason;
        }
    }

    /// <summary>The Degraded condition of <paramref name="status"/> when it is True and was not, or now has another reason.</summary>
    private static Condition? NewlyDegraded(ZkEnsembleStatus? stored, ZkEnsembleStatus status)
    {
        var now = Conditions.Find(status.Conditions, ConditionTypes.Degraded);
        var before = Conditions.Find(stored?.Conditions, ConditionTypes.Degraded);
        return now?.Status == ConditionStatus.True && (before?.Status != ConditionStatus.True || before.Reason != now.Reason) ? now : null;
    }

    private static ZkEnsemble? TryParse(JsonObject entity, out string? error)
    {
        try
        {
            error = null;
            return ZkEnsemble.FromJson(entity);
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>For finalizing a resource too broken to parse: only the identity is needed.</summary>
    private static ZkEnsemble MinimalEnsemble(JsonObject entity) => new()
    {
        Metadata = new Core.Resources.ObjectMeta
        {
            Name = entity.GetName() ?? string.Empty,
            Namespace = entity.GetNamespace(),
            Uid = entity.GetUid(),
        },
    };

    private static ReclaimPolicy ReclaimPolicyOf(JsonObject entity) =>
        (string?)entity["spec"]?["storage"]?["reclaimPolicy"] == nameof(ReclaimPolicy.Delete) ? ReclaimPolicy.Delete : ReclaimPolicy.Retain;

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
