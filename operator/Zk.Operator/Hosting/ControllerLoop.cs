using System.Text.Json.Nodes;
using Zk.Operator.Controller;
using Zk.Operator.Queue;

namespace Zk.Operator.Hosting;

/// <summary>
/// Workers taking keys from the <see cref="WorkQueue"/>: each reads the latest object (informer cache or
/// memory), hands it to the controller, and turns the result into queue calls — Forget and maybe AddAfter
/// on success, AddRateLimited on an exception. Always Done, so the key can be taken again.
/// </summary>
public sealed class ControllerLoop(
    WorkQueue queue,
    Func<string, CancellationToken, Task<JsonObject?>> read,
    ZkEnsembleController controller,
    OperatorMetrics metrics,
    JsonLog log,
    TimeProvider time)
{
    /// <summary>Runs <paramref name="workers"/> workers until the queue shuts down or <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(int workers, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None)));

    /// <summary>Processes one key already taken from the queue (public so tests can drive it step by step).</summary>
    public async Task ProcessAsync(string key, CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        string outcome;
        try
        {
            var entity = await read(key, cancellationToken);
            if (entity is null)
            {
                // Gone: garbage collection removes what it owned; nothing is left to do for the key.
                queue.Forget(key);
                outcome = "gone";
            }
            else
            {
                var result = entity["metadata"]?["deletionTimestamp"] is not null
                    ? await controller.DeletedAsync(entity, cancellationToken)
                    : await controller.ReconcileAsync(entity, cancellationToken);
                queue.Forget(key);
                if (result.RequeueAfter is { } after)
                {
                    queue.AddAfter(key, after);
                }

                outcome = result.Outcome;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var delay = queue.AddRateLimited(key);
            outcome = "error";
            log.Error("reconcile failed, retrying", ("object", key), ("error", e), ("retryInMs", delay));
        }
        finally
        {
            queue.Done(key);
        }

        metrics.RecordReconcile(outcome, time.GetElapsedTime(started));
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string? key;
            try
            {
                key = await queue.TakeAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (key is null)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
