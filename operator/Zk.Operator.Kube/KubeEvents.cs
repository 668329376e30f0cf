using System.Globalization;
using System.Text.Json.Nodes;
using Zk.Operator.Kube.Models;

namespace Zk.Operator.Kube;

/// <summary>Builds core/v1 Events about an object, for <see cref="IKubeApi.CreateEventAsync"/>.</summary>
public static class KubeEvents
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    /// <summary>
    /// An event in the object's namespace. The name is the object's name plus the time in hex, as
    /// client-go's recorder does, so repeated events do not collide.
    /// </summary>
    public static Event For(JsonObject involved, string type, string reason, string message, string component, DateTimeOffset now)
    {
        var name = involved.GetName() ?? throw new ArgumentException("the involved object needs metadata.name", nameof(involved));
        var ns = involved.GetNamespace() ?? "default";
        return new Event
        {
            Metadata = new ObjectMeta { Name = $"{name}.{now.ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture)}", Namespace = ns },
            InvolvedObject = new ObjectReference
            {
                ApiVersion = (string?)involved["apiVersion"],
                Kind = (string?)involved["kind"],
                Name = name,
                Namespace = ns,
                Uid = involved.GetUid(),
                ResourceVersion = involved.GetResourceVersion(),
            },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new EventSource { Component = component },
            ReportingComponent = component,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
    }
}
