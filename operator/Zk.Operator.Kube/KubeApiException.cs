using System.Net;
using k8s.Models;

namespace Zk.Operator.Kube;

/// <summary>
/// A request the API server answered with an error. <see cref="Reason"/> and the message
/// come from the metav1.Status body when there is one.
/// </summary>
public class KubeApiException : Exception
{
    public KubeApiException()
    {
    }

    public KubeApiException(string message)
        : base(message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubeApiException(HttpStatusCode code, V1Status? status, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Status = status;
    }

    public HttpStatusCode Code { get; }

    /// <summary>The parsed metav1.Status, or null when the body was not one.</summary>
    public V1Status? Status { get; }

    /// <summary>metav1.Status reason, e.g. NotFound, AlreadyExists, Conflict, Invalid, Expired.</summary>
    public string? Reason => Status?.Reason;

    public bool IsNotFound => Code == HttpStatusCode.NotFound;

    public bool IsGone => Code == HttpStatusCode.Gone || Reason is "Expired" or "Gone";
}
