using System.Globalization;
using System.Text.Json.Nodes;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// Renders a pod's status as kubelet writes it — phase, hostIP, podIP(s), startTime, the PodScheduled,
/// Initialized, ContainersReady and Ready conditions (lastTransitionTime moves only when a condition changes),
/// init and main containerStatuses — and writes it through the status subresource.
/// </summary>
internal sealed class PodStatusWriter(ClusterStore store, string ns, string pod, string hostIp, TimeProvider time)
{
    private readonly Dictionary<string, (bool Status, DateTimeOffset Since)> _conditions = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startTime = time.GetUtcNow();

    public void Write(string phase, string? podIp, IReadOnlyList<ContainerState> init, IReadOnlyList<ContainerState> main)
    {
        bool initialized = init.All(c => c.State == "terminated" && c.ExitCode == 0);
        bool ready = main.Count > 0 && main.All(c => c.Ready);
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["hostIP"] = hostIp,
            ["startTime"] = Time(_startTime),
            ["conditions"] = new JsonArray(Condition("PodScheduled", true), Condition("Initialized", initialized), Condition("ContainersReady", ready), Condition("Ready", ready)),
            ["initContainerStatuses"] = new JsonArray(init.Select(Render).ToArray()),
            ["containerStatuses"] = new JsonArray(main.Select(Render).ToArray()),
        };
        if (podIp is not null)
        {
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        }

        store.WriteStatus(ClusterStore.Pods, ns, pod, status);
    }

    private JsonObject Condition(string type, bool value)
    {
        if (!_conditions.TryGetValue(type, out var current) || current.Status != value)
        {
            current = (value, time.GetUtcNow());
            _conditions[type] = current;
        }

        return new JsonObject { ["type"] = type, ["status"] = value ? "True" : "False", ["lastTransitionTime"] = Time(current.Since) };
    }

    private static JsonNode Render(ContainerState c)
    {
        var state = new JsonObject();
        if (c.State == "running")
        {
            state["startedAt"] = Time(c.StartedAt ?? DateTimeOffset.UnixEpoch);
        }
        else
        {
            state["reason"] = c.Reason;
            if (c.Message is not null)
            {
                state["message"] = c.Message;
            }

            if (c.State == "terminated")
            {
                state["exitCode"] = c.ExitCode ?? 0;
            }
        }

        var status = new JsonObject
        {
            ["name"] = c.Name,
            ["image"] = c.Image,
            ["imageID"] = "sandbox://" + c.Image,
            ["ready"] = c.Ready,
            ["started"] = c.Started,
            ["restartCount"] = c.RestartCount,
            ["state"] = new JsonObject { [c.State] = state },
        };
        if (c.ProcessId is { } pid)
        {
            status["containerID"] = "sandbox://" + pid.ToString(CultureInfo.InvariantCulture);
        }

        return status;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
