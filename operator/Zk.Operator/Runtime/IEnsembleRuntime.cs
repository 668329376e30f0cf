using System.Text.Json.Nodes;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Runtime;

/// <summary>
/// The seam between planning and the world: what the members and their objects look like now, and the
/// actions a <see cref="Core.Planning.Step"/> needs. Kubernetes in production
/// (<see cref="KubernetesRuntime"/>), real zknode processes on 127.0.0.1 for <c>zk-operator local</c> and
/// end-to-end tests (<see cref="LocalProcessRuntime"/>). Every action is idempotent: the controller may
/// repeat one planned from a stale observation.
/// </summary>
public interface IEnsembleRuntime
{
    /// <summary>Gathers everything the planner needs; <paramref name="status"/> is the stored status, passed through.</summary>
    Task<ObservedEnsemble> ObserveAsync(DesiredEnsemble ensemble, ZkEnsembleStatus? status, CancellationToken cancellationToken);

    /// <summary>Creates or updates these rendered objects (server-side apply in Kubernetes), in order.</summary>
    Task ApplyAsync(DesiredEnsemble ensemble, IReadOnlyList<JsonObject> objects, CancellationToken cancellationToken);

    /// <summary>Sets the number of pods of one StatefulSet.</summary>
    Task ScaleAsync(DesiredEnsemble ensemble, string statefulSet, int replicas, CancellationToken cancellationToken);

    /// <summary>Deletes one member pod; its StatefulSet recreates it from the current template.</summary>
    Task RestartPodAsync(DesiredEnsemble ensemble, string pod, string? observedUid, CancellationToken cancellationToken);

    /// <summary>reconfig: <paramref name="server"/> joins (its address as rendered for Kubernetes; a runtime may translate it).</summary>
    Task AddMemberAsync(DesiredEnsemble ensemble, ServerEntry server, CancellationToken cancellationToken);

    /// <summary>reconfig: server <paramref name="id"/> leaves.</summary>
    Task RemoveMemberAsync(DesiredEnsemble ensemble, int id, CancellationToken cancellationToken);

    /// <summary>
    /// The ensemble resource is being deleted: release what garbage collection does not, and delete the
    /// members' volumes when <paramref name="deleteVolumes"/> (storage.reclaimPolicy Delete).
    /// Returns how many volumes were deleted.
    /// </summary>
    Task<int> TearDownAsync(ZkEnsemble ensemble, bool deleteVolumes, CancellationToken cancellationToken);
}
