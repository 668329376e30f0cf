using System.Text.Json.Nodes;
using Zk.Operator.Controller;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Tests.Support;

/// <summary>An <see cref="IEnsembleStore"/> that counts the status writes the controller makes.</summary>
internal sealed class StatusWriteCounter(IEnsembleStore inner) : IEnsembleStore
{
    public int StatusWrites { get; private set; }

    public Task<JsonObject> AddFinalizerAsync(JsonObject entity, string finalizer, CancellationToken cancellationToken) =>
        inner.AddFinalizerAsync(entity, finalizer, cancellationToken);

    public Task<JsonObject?> RemoveFinalizerAsync(JsonObject entity, string finalizer, CancellationToken cancellationToken) =>
        inner.RemoveFinalizerAsync(entity, finalizer, cancellationToken);

    public Task<JsonObject> WriteStatusAsync(JsonObject entity, ZkEnsembleStatus status, CancellationToken cancellationToken)
    {
        StatusWrites++;
        return inner.WriteStatusAsync(entity, status, cancellationToken);
    }

    public Task RecordEventAsync(JsonObject entity, string type, string reason, string message, CancellationToken cancellationToken) =>
        inner.RecordEventAsync(entity, type, reason, message, cancellationToken);
}
