namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>An error the fake answers instead of serving a request (429 with Retry-After, 500, 503...).</summary>
internal sealed record InjectedFailure(int Code, string? RetryAfter = null, string? Method = null);
