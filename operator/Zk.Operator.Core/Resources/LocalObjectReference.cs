using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Resources;

/// <summary>A reference to an object in the ensemble's namespace, e.g. an image pull secret.</summary>
public sealed class LocalObjectReference
{
    [Required]
    [Description("Name of the referenced object.")]
    [Length(1, 253)]
    public string Name { get; set; } = string.Empty;
}
