using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Desired;

/// <summary>
/// Everything that follows from the spec alone: validation errors, targets, zoo.cfg and the pod
/// templates with their hashes. <see cref="Render"/> turns it into objects for a given layout.
/// </summary>
public sealed class DesiredEnsemble
{
    private DesiredEnsemble(ZkEnsemble ensemble, IReadOnlyList<FieldError> errors, string clusterDomain)
    {
        Ensemble = ensemble;
        Errors = errors;
        Names = new EnsembleNames(ensemble.Metadata.Name, ensemble.Metadata.Namespace ?? "default", clusterDomain);
        ZooCfgText = ZooCfg.RenderStatic(ensemble.Spec.Config);
        ConfigHash = ObjectHash.Of(ZooCfgText);
        (VoterTemplate, VoterTemplateHash) = PodTemplateBuilder.Build(ensemble, EnsembleLabels.VoterComponent, ConfigHash);
        (ObserverTemplate, ObserverTemplateHash) = PodTemplateBuilder.Build(ensemble, EnsembleLabels.ObserverComponent, ConfigHash);
    }

    public ZkEnsemble Ensemble { get; }

    public EnsembleNames Names { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    public long Generation => Ensemble.Metadata.Generation;

    public int TargetVoters => Ensemble.Spec.Replicas;

    public int TargetObservers => Ensemble.Spec.Observers;

    public string ZooCfgText { get; }

    public string ConfigHash { get; }

    public System.Text.Json.Nodes.JsonObject VoterTemplate { get; }

    public string VoterTemplateHash { get; }

    public System.Text.Json.Nodes.JsonObject ObserverTemplate { get; }

    public string ObserverTemplateHash { get; }

    /// <summary>Validates and prepares; an invalid ensemble is still returned so its errors can be reported.</summary>
    /// <param name="clusterDomain">The cluster's DNS domain, in every member's stable name.</param>
    public static DesiredEnsemble From(ZkEnsemble ensemble, string clusterDomain = EnsembleNames.DefaultClusterDomain) =>
        new(ensemble, SpecValidator.Validate(ensemble), clusterDomain);

    public string TemplateHashFor(int memberId) => EnsembleNames.IsObserverId(memberId) ? ObserverTemplateHash : VoterTemplateHash;

    /// <summary>The initial layout of a new ensemble.</summary>
    public EnsembleLayout InitialLayout => EnsembleLayout.Initial(Names, TargetVoters, TargetObservers);

    /// <summary>Renders every owned object for <paramref name="layout"/>; only call on a valid ensemble.</summary>
    public DesiredObjects Render(EnsembleLayout layout)
    {
        if (!IsValid)
        {
            throw new InvalidOperationException("cannot render an invalid ensemble: " + string.Join("; ", Errors));
        }

        var objects = new DesiredObjects(
            ConfigMapBuilder.Build(Ensemble, Names, ZooCfgText, layout),
            ServiceBuilder.Headless(Ensemble, Names),
            ServiceBuilder.Client(Ensemble, Names),
            StatefulSetBuilder.Build(Ensemble, Names, EnsembleLabels.VoterComponent, layout.VoterPods, VoterTemplate),
            layout.ObserverPods > 0 || TargetObservers > 0
                ? StatefulSetBuilder.Build(Ensemble, Names, EnsembleLabels.ObserverComponent, layout.ObserverPods, ObserverTemplate)
                : null,
            PodDisruptionBudgetBuilder.Build(Ensemble, Names));
        foreach (var manifest in objects.All)
        {
            ObjectHash.Stamp(manifest);
        }

        return objects;
    }
}
