using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Desired;

/// <summary>
/// Lets node drains take one voter at a time: with an odd ensemble of 3 or more that always leaves a
/// quorum. Observers are not covered; losing them never costs the quorum.
/// </summary>
public static class PodDisruptionBudgetBuilder
{
    public static JsonObject Build(ZkEnsemble ensemble, EnsembleNames names) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = Manifests.Metadata(ensemble, names.PodDisruptionBudget, EnsembleLabels.VoterComponent),
        ["spec"] = new JsonObject
        {
            ["maxUnavailable"] = 1,
            ["selector"] = new JsonObject
            {
                ["matchLabels"] = Manifests.Map(EnsembleLabels.Selector(ensemble.Metadata.Name, EnsembleLabels.VoterComponent)),
            },
        },
    };
}
