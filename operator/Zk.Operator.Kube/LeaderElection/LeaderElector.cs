using System.Text.Json.Nodes;
using Zk.Operator.Kube.Models;

namespace Zk.Operator.Kube.LeaderElection;

/// <summary>
/// Lease-based leader election (coordination.k8s.io/v1), after client-go's leaderelection package.
/// A candidate takes the Lease when it has no holder or the holder's renewTime + leaseDuration is in
/// the past; the leader renews every retryPeriod and steps down once it has not renewed for
/// renewDeadline. Every write carries the resourceVersion it read, so of two candidates racing for
/// one expired lease exactly one wins (the other gets 409).
/// </summary>
/// <remarks>
/// Safety rests on renewDeadline &lt; leaseDuration and on clocks advancing at similar rates;
/// renewTime is compared with the local clock, as the API conventions for Lease suggest.
/// </remarks>
public sealed class LeaderElector
{
    private readonly IKubeApi _api;
    private readonly LeaderElectionConfig _config;
    private readonly TimeProvider _time;
    private volatile bool _isLeader;
    private volatile string? _observedLeader;

    public LeaderElector(IKubeApi api, LeaderElectionConfig config, TimeProvider? timeProvider = null)
    {
        config.Validate();
        _api = api;
        _config = config;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Raised when this candidate becomes leader. The token is cancelled when leadership ends;
    /// work started here must stop with it.
    /// </summary>
    public event Action<CancellationToken>? OnStartedLeading;

    /// <summary>Raised when leadership ends (renewal failed, lease lost, or cancelled).</summary>
    public event Action? OnStoppedLeading;

    /// <summary>Raised when the observed holder changes (including to this candidate).</summary>
    public event Action<string>? OnNewLeader;

    public bool IsLeader => _isLeader;

    public string? ObservedLeader => _observedLeader;

    public string Identity => _config.Identity;

    /// <summary>The last failed API call, for diagnostics.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>
    /// Campaigns until leading, then renews until leadership is lost or <paramref name="cancellationToken"/>
    /// fires, then returns (run it again to campaign again).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!await TryAcquireOrRenewAsync(cancellationToken))
            {
                await Task.Delay(_config.RetryPeriod, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        using var leading = new CancellationTokenSource();
        _isLeader = true;
        OnStartedLeading?.Invoke(leading.Token);
        var lastRenew = _time.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(_config.RetryPeriod, _time, cancellationToken);
                if (await TryAcquireOrRenewAsync(cancellationToken))
                {
                    lastRenew = _time.GetUtcNow();
                    continue;
                }

                // Someone else holds it (we must have expired) or we cannot reach the server for too long.
                if (_observedLeader != _config.Identity || _time.GetUtcNow() - lastRenew >= _config.RenewDeadline)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (_config.ReleaseOnCancel)
            {
                await ReleaseAsync();
            }
        }
        finally
        {
            _isLeader = false;
            await leading.CancelAsync();
            OnStoppedLeading?.Invoke();
        }
    }

    /// <summary>One attempt: create the Lease, take it over when expired, or renew it when ours.</summary>
    internal async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = _time.GetUtcNow();
            var current = await _api.GetAsync(ResourceType.Lease, _config.LeaseNamespace, _config.LeaseName, cancellationToken);
            if (current is null)
            {
                var lease = new Lease
                {
                    Metadata = new ObjectMeta { Name = _config.LeaseName, Namespace = _config.LeaseNamespace },
                    Spec = new LeaseSpec
                    {
                        HolderIdentity = _config.Identity,
                        LeaseDurationSeconds = DurationSeconds,
                        AcquireTime = now,
                        RenewTime = now,
                        LeaseTransitions = 0,
                    },
                };
                await _api.CreateAsync(ResourceType.Lease, KubeObject.ToJsonObject(lease, KubeJsonContext.Default.Lease), cancellationToken);
                Observe(_config.Identity);
                return true;
            }

            var existing = current.As(KubeJsonContext.Default.Lease) ?? new Lease();
            var holder = existing.Spec.HolderIdentity;
            var duration = TimeSpan.FromSeconds(existing.Spec.LeaseDurationSeconds ?? DurationSeconds);
            bool held = !string.IsNullOrEmpty(holder) && holder != _config.Identity;
            if (held && existing.Spec.RenewTime is { } renewed && renewed + duration > now)
            {
                Observe(holder!);
                return false;
            }

            if (holder != _config.Identity)
            {
                existing.Spec.AcquireTime = now;
                existing.Spec.LeaseTransitions = (existing.Spec.LeaseTransitions ?? 0) + (string.IsNullOrEmpty(holder) ? 0 : 1);
            }

            existing.Spec.HolderIdentity = _config.Identity;
            existing.Spec.LeaseDurationSeconds = DurationSeconds;
            existing.Spec.RenewTime = now;
            await _api.ReplaceAsync(ResourceType.Lease, Merge(current, existing), cancellationToken);
            Observe(_config.Identity);
            return true;
        }
        catch (KubeApiException e)
        {
            // 409 means another candidate wrote first; anything else is an outage. Either way: not ours now.
            LastError = e;
            return false;
        }
    }

    private int DurationSeconds => (int)Math.Ceiling(_config.LeaseDuration.TotalSeconds);

    /// <summary>Writes the typed spec back into the object read, keeping fields this model does not know.</summary>
    private static JsonObject Merge(JsonObject current, Lease lease)
    {
        var updated = (JsonObject)current.DeepClone();
        updated["spec"] = KubeObject.ToJsonObject(lease, KubeJsonContext.Default.Lease)["spec"]!.DeepClone();
        return updated;
    }

    private async Task ReleaseAsync()
    {
        try
        {
            var current = await _api.GetAsync(ResourceType.Lease, _config.LeaseNamespace, _config.LeaseName, CancellationToken.None);
            var lease = current?.As(KubeJsonContext.Default.Lease);
            if (current is null || lease is null || lease.Spec.HolderIdentity != _config.Identity)
            {
                return;
            }

            // client-go's release: no holder, a 1s duration, so the next candidate takes it at once.
            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = _time.GetUtcNow();
            var updated = (JsonObject)current.DeepClone();
            var spec = KubeObject.ToJsonObject(lease, KubeJsonContext.Default.Lease)["spec"]!.DeepClone().AsObject();
            spec.Remove("holderIdentity");
            updated["spec"] = spec;
            await _api.ReplaceAsync(ResourceType.Lease, updated, CancellationToken.None);
        }
        catch (KubeApiException e)
        {
            LastError = e;
        }
    }

    private void Observe(string holder)
    {
        if (_observedLeader != holder)
        {
            _observedLeader = holder;
            OnNewLeader?.Invoke(holder);
        }
    }
}
