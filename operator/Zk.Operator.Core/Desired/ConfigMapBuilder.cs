using System.Text.Json.Nodes;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Core.Desired;

/// <summary>The ConfigMap with zoo.cfg and the membership (zoo.cfg.dynamic) every member starts from.</summary>
public static class ConfigMapBuilder
{
    public static JsonObject Build(ZkEnsemble ensemble, EnsembleNames names, string zooCfg, EnsembleLayout layout) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = Manifests.Metadata(ensemble, names.ConfigMap),
        ["data"] = new JsonObject
        {
            [ZooCfg.StaticFileName] = zooCfg,
            [ZooCfg.DynamicFileName] = ZooCfg.RenderDynamic(layout.Membership),
        },
    };
}
