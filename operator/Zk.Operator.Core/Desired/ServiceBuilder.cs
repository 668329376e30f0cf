using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Desired;

/// <summary>The headless Service (stable member DNS names) and the client Service.</summary>
public static class ServiceBuilder
{
    /// <summary>
    /// Headless and publishNotReadyAddresses: members must resolve each other before they are ready,
    /// because they only become ready after electing a leader together.
    /// </summary>
    public static JsonObject Headless(ZkEnsemble ensemble, EnsembleNames names) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Manifests.Metadata(ensemble, names.HeadlessService),
        ["spec"] = new JsonObject
        {
            ["clusterIP"] = "None",
            ["publishNotReadyAddresses"] = true,
            ["selector"] = Manifests.Map(EnsembleLabels.Selector(ensemble.Metadata.Name)),
            ["ports"] = new JsonArray(
                Manifests.Port("client", ZooCfg.ClientPort),
                Manifests.Port("quorum", PodTemplateBuilder.QuorumPort),
                Manifests.Port("election", PodTemplateBuilder.ElectionPort)),
        },
    };

    /// <summary>Clients connect here; only ready members (serving in the quorum) receive connections.</summary>
    public static JsonObject Client(ZkEnsemble ensemble, EnsembleNames names) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Manifests.Metadata(ensemble, names.ClientService),
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["selector"] = Manifests.Map(EnsembleLabels.Selector(ensemble.Metadata.Name)),
            ["ports"] = new JsonArray(Manifests.Port("client", ZooCfg.ClientPort)),
        },
    };
}
