using System.Text.Json.Nodes;

namespace Zk.Operator.Core.Desired;

/// <summary>The owned objects for one layout, each stamped with its applied hash.</summary>
public sealed record DesiredObjects(
    JsonObject ConfigMap,
    JsonObject HeadlessService,
    JsonObject ClientService,
    JsonObject Voters,
    JsonObject? Observers,
    JsonObject PodDisruptionBudget)
{
    /// <summary>In apply order: configuration and DNS before the pods that need them.</summary>
    public IReadOnlyList<JsonObject> All =>
        Observers is null
            ? [ConfigMap, HeadlessService, ClientService, Voters, PodDisruptionBudget]
            : [ConfigMap, HeadlessService, ClientService, Voters, Observers, PodDisruptionBudget];
}
