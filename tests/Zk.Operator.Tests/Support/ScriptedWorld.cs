using System.Text.Json.Nodes;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Planning;
using Zk.Operator.Core.Resources;
using Zk.Operator.Runtime;

namespace Zk.Operator.Tests.Support;

/// <summary>
/// An <see cref="IEnsembleRuntime"/> whose members the test sets: each observation is built from <see cref="Members"/>
/// (pod name, role, readiness, zxid) with every owned object applied, and every step succeeds without changing it.
/// The committed configuration holds the voters given in <see cref="Voters"/>; the voters' StatefulSet has
/// <see cref="VoterPods"/> pods.
/// </summary>
internal sealed class ScriptedWorld(TimeProvider time) : IEnsembleRuntime
{
    public List<ObservedMember> Members { get; set; } = [];

    public int[] Voters { get; set; } = [];

    public int VoterPods { get; set; }

    public static ObservedMember Member(DesiredEnsemble desired, int id, MemberRole role, long zxid, bool healthy = true) =>
        new(desired.Names.PodForId(id), id, role, zxid, Synced: healthy, Ready: healthy, desired.TemplateHashFor(id));

    public Task<ObservedEnsemble> ObserveAsync(DesiredEnsemble ensemble, ZkEnsembleStatus? status, CancellationToken cancellationToken)
    {
        var observed = new ObservedEnsemble
        {
            ObservedAt = time.GetUtcNow(),
            VoterStatefulSetReplicas = VoterPods,
            Members = [.. Members],
            CommittedConfig = new EnsembleConfig(0x100000000, [.. Voters.Select(ensemble.Names.Server)]),
            Status = status,
        };
        var objects = ensemble.Render(Planner.LayoutFor(ensemble, observed));
        return Task.FromResult(observed with { AppliedHashes = objects.All.ToDictionary(ObjectKeys.Of, o => ObjectHash.Read(o)!) });
    }

    public Task ApplyAsync(DesiredEnsemble ensemble, IReadOnlyList<JsonObject> objects, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ScaleAsync(DesiredEnsemble ensemble, string statefulSet, int replicas, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RestartPodAsync(DesiredEnsemble ensemble, string pod, string? observedUid, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AddMemberAsync(DesiredEnsemble ensemble, ServerEntry server, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemoveMemberAsync(DesiredEnsemble ensemble, int id, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> TearDownAsync(ZkEnsemble ensemble, bool deleteVolumes, CancellationToken cancellationToken) => Task.FromResult(0);
}
