using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>An HTTP status and JSON body the fake answers with.</summary>
internal sealed record FakeResult(int Code, JsonNode? Body)
{
    public static FakeResult Ok(JsonNode body) => new(200, body);

    /// <summary>A metav1.Status failure, as the real API server writes it.</summary>
    public static FakeResult Error(int code, string reason, string message, JsonObject? details = null) =>
        new(code, Status(code, reason, message, details));

    public static JsonObject Status(int code, string reason, string message, JsonObject? details = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details,
        ["code"] = code,
    };
}
