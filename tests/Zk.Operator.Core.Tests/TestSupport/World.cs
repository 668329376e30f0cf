using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Observed;
using Zk.Operator.Core.Planning;

namespace Zk.Operator.Core.Tests.TestSupport;

/// <summary>Builds observations for planner tests: a settled ensemble, then small edits of it.</summary>
internal static class World
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A settled ensemble of <paramref name="voters"/> voters and <paramref name="observers"/> observers,
    /// healthy, on the current template, every object applied for its layout.
    /// </summary>
    public static ObservedEnsemble Settled(DesiredEnsemble desired, int voters, int observers = 0, int leaderId = 1)
    {
        var names = desired.Names;
        var servers = Enumerable.Range(0, voters).Select(o => names.Server(EnsembleNames.VoterId(o)))
            .Concat(Enumerable.Range(0, observers).Select(o => names.Server(EnsembleNames.ObserverId(o))))
            .ToList();
        var members = servers.Select(s => Member(desired, s.Id, s.Id == leaderId ? MemberRole.Leader
            : s.Role == ServerRole.Observer ? MemberRole.Observer : MemberRole.Follower)).ToList();
        var observed = new ObservedEnsemble
        {
            ObservedAt = Now,
            VoterStatefulSetReplicas = voters,
            ObserverStatefulSetReplicas = observers > 0 || desired.TargetObservers > 0 ? observers : null,
            Members = members,
            CommittedConfig = new EnsembleConfig(0x100000000, servers),
        };
        return Applied(desired, observed);
    }

    public static ObservedMember Member(DesiredEnsemble desired, int id, MemberRole role) =>
        new(desired.Names.PodForId(id), id, role, 0x100000005, Synced: true, Ready: true, desired.TemplateHashFor(id));

    /// <summary>The observation after the executor applied what the planner renders for it.</summary>
    public static ObservedEnsemble Applied(DesiredEnsemble desired, ObservedEnsemble observed)
    {
        var objects = desired.Render(Planner.LayoutFor(desired, observed));
        return observed with
        {
            AppliedHashes = objects.All.ToDictionary(ObjectKeys.Of, o => ObjectHash.Read(o)!),
            ObserverStatefulSetReplicas = observed.ObserverStatefulSetReplicas ?? (objects.Observers is null ? null : 0),
        };
    }

    public static ObservedEnsemble WithMember(this ObservedEnsemble observed, ObservedMember member) =>
        observed with { Members = [.. observed.Members.Where(m => m.Id != member.Id), member] };

    public static ObservedEnsemble Edit(this ObservedEnsemble observed, int id, Func<ObservedMember, ObservedMember> edit) =>
        observed.WithMember(edit(observed.Member(id) ?? throw new ArgumentException($"no member {id}")));

    public static ObservedEnsemble WithoutMember(this ObservedEnsemble observed, int id) =>
        observed with { Members = [.. observed.Members.Where(m => m.Id != id)] };

    public static ObservedEnsemble WithConfig(this ObservedEnsemble observed, DesiredEnsemble desired, params int[] ids) =>
        observed with { CommittedConfig = new EnsembleConfig(0x200000000, [.. ids.Order().Select(desired.Names.Server)]) };

    /// <summary>One line per step so table rows read as expectations.</summary>
    public static string Show(Step step) => step switch
    {
        Step.ApplyObjects apply => "ApplyObjects " + string.Join(" ", apply.Objects.Select(ObjectKeys.Of)),
        Step.WaitFor => "WaitFor",
        Step.AddMember add => $"AddMember {add.Server.ToConfigLine()}",
        Step.RemoveMember remove => $"RemoveMember {remove.Id}",
        Step.ScaleStatefulSet scale => $"ScaleStatefulSet {scale.Name} {scale.Replicas}",
        Step.RestartPod restart => $"RestartPod {restart.Name}",
        Step.UpdateStatus => "UpdateStatus",
        Step.Done => "Done",
        _ => step.GetType().Name,
    };
}
