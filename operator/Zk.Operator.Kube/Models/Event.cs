using System.Text.Json.Serialization;

namespace Zk.Operator.Kube.Models;

/// <summary>
/// core/v1 Event (what <c>kubectl describe</c> shows). Uses the classic fields
/// (source, first/lastTimestamp, count) because setting eventTime obliges the series fields as well.
/// </summary>
public sealed class Event
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "Event";

    public ObjectMeta Metadata { get; set; } = new();

    public ObjectReference InvolvedObject { get; set; } = new();

    public string? Reason { get; set; }

    public string? Message { get; set; }

    /// <summary>"Normal" or "Warning".</summary>
    public string? Type { get; set; }

    public EventSource? Source { get; set; }

    [JsonConverter(typeof(KubeTimeConverter))]
    public DateTimeOffset? FirstTimestamp { get; set; }

    [JsonConverter(typeof(KubeTimeConverter))]
    public DateTimeOffset? LastTimestamp { get; set; }

    public int? Count { get; set; }

    public string? ReportingComponent { get; set; }

    public string? ReportingInstance { get; set; }
}
