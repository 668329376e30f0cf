namespace Zk.Operator.Kube.Models;

/// <summary>core/v1 EventSource.</summary>
public sealed class EventSource
{
    public string? Component { get; set; }

    public string? Host { get; set; }
}
