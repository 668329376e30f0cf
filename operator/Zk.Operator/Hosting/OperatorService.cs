using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Zk.Operator.Kube;

namespace Zk.Operator.Hosting;

/// <summary>
/// The hosted service of <c>run</c>: without election the controller starts at once and no Lease is ever
/// touched; with election the library's <see cref="LeaderElector"/> (a <see cref="LeaseLock"/>) runs and the
/// controller runs only while this replica leads. A replica that loses the Lease stops the host with exit 1
/// so it restarts clean, as client-go's controllers do.
/// </summary>
public sealed class OperatorService(
    KubernetesApi api, OperatorHost host, OperatorState state, RunSettings settings, LeaseIdentity lease, IHostApplicationLifetime lifetime, JsonLog log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        state.Synced = () => host.Synced;
        if (!settings.LeaderElection)
        {
            await host.RunAsync(stoppingToken);
            return;
        }

        using var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(api.Client, lease.Namespace, settings.LeaseName, lease.Identity)));
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task leading = Task.CompletedTask;
        elector.OnNewLeader += holder => log.Info("leader observed", ("holder", holder));
        elector.OnStartedLeading += () =>
        {
            log.Info("started leading", ("identity", lease.Identity));
            state.Leading = true;
            leading = host.RunAsync(leadership.Token);
        };
        elector.OnStoppedLeading += () =>
        {
            log.Info("stopped leading", ("identity", lease.Identity));
            state.Leading = false;
            leadership.Cancel();
        };
        try
        {
            await elector.RunUntilLeadershipLostAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await leadership.CancelAsync();
        await leading;
        if (!stoppingToken.IsCancellationRequested)
        {
            log.Error("leadership lost, exiting", ("identity", lease.Identity));
            state.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
