namespace Zk.Operator.Core.Resources;

/// <summary>The few metadata fields the operator reads; everything else is the API server's.</summary>
public sealed class ObjectMeta
{
    public string Name { get; set; } = string.Empty;

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    public long Generation { get; set; }

    public string? ResourceVersion { get; set; }

    public string? CreationTimestamp { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }
}
