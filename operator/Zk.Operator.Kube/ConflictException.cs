using System.Net;
using k8s.Models;

namespace Zk.Operator.Kube;

/// <summary>
/// 409: a stale resourceVersion, an existing name on create, or a server-side apply field conflict.
/// Not retried; the controller re-reads and requeues.
/// </summary>
public sealed class ConflictException : KubeApiException
{
    public ConflictException()
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConflictException(V1Status? status, string message, Exception? innerException = null)
        : base(HttpStatusCode.Conflict, status, message, innerException)
    {
    }

    /// <summary>True when the name was already taken on create (reason AlreadyExists).</summary>
    public bool IsAlreadyExists => Reason == "AlreadyExists";
}
