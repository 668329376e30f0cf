using System.Text.Json.Serialization;

namespace Zk.Operator.Core.Resources;

/// <summary>When the kubelet pulls the image (core/v1 Container.imagePullPolicy).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImagePullPolicy>))]
public enum ImagePullPolicy
{
    IfNotPresent,
    Always,
    Never,
}
