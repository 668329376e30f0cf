using System.Text.Json.Nodes;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Planning;

/// <summary>
/// The one next thing the executor does. Each step is idempotent: executing it twice, or executing a
/// step planned from a stale observation, is harmless because the next plan re-checks the world.
/// </summary>
public abstract record Step
{
    private Step()
    {
    }

    /// <summary>A short human-readable description for logs and the Progressing condition.</summary>
    public abstract string Describe();

    /// <summary>Server-side apply these objects (in order), each already stamped with its applied hash.</summary>
    public sealed record ApplyObjects(IReadOnlyList<JsonObject> Objects) : Step
    {
        public override string Describe() => "applying " + string.Join(", ", Objects.Select(Desired.ObjectKeys.Of));
    }

    /// <summary>Nothing to do until the world changes: requeue and observe again.</summary>
    public sealed record WaitFor(string Reason) : Step
    {
        public override string Describe() => "waiting for " + Reason;
    }

    /// <summary>reconfig with joiningServers = <see cref="Server"/>'s line.</summary>
    public sealed record AddMember(ServerEntry Server) : Step
    {
        public int Id => Server.Id;

        public override string Describe() => $"adding server.{Server.Id} to the configuration";
    }

    /// <summary>reconfig with leavingServers = <see cref="Id"/>.</summary>
    public sealed record RemoveMember(int Id) : Step
    {
        public override string Describe() => $"removing server.{Id} from the configuration";
    }

    /// <summary>Set spec.replicas of one StatefulSet (scale subresource).</summary>
    public sealed record ScaleStatefulSet(string Name, int Replicas) : Step
    {
        public override string Describe() => $"scaling StatefulSet {Name} to {Replicas}";
    }

    /// <summary>
    /// Delete one pod; the StatefulSet recreates it from the current template. <see cref="Uid"/> is the observed
    /// pod's: the delete must not hit a newer pod recreated under the same name.
    /// </summary>
    public sealed record RestartPod(string Name, string? Uid = null) : Step
    {
        public override string Describe() => $"restarting pod {Name}";
    }

    /// <summary>Write this status through the status subresource.</summary>
    public sealed record UpdateStatus(ZkEnsembleStatus Status) : Step
    {
        public override string Describe() => "updating status";
    }

    /// <summary>Converged and the status says so.</summary>
    public sealed record Done : Step
    {
        public override string Describe() => "done";
    }
}
