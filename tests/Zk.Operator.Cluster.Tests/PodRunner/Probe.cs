using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// One readiness or liveness probe as kubelet runs it: exec inside the container's namespaces and root as its
/// user, tcpSocket and httpGet against the pod address (named ports resolved from the container's ports),
/// each bounded by timeoutSeconds; with its initialDelaySeconds, periodSeconds and thresholds.
/// </summary>
internal sealed class Probe(JsonObject spec, JsonObject container, string podIp)
{
    public TimeSpan InitialDelay => TimeSpan.FromSeconds(Meta.Int(spec["initialDelaySeconds"], 0));

    public TimeSpan Period => TimeSpan.FromSeconds(Meta.Int(spec["periodSeconds"], 10));

    public TimeSpan Timeout => TimeSpan.FromSeconds(Meta.Int(spec["timeoutSeconds"], 1));

    public int FailureThreshold => Meta.Int(spec["failureThreshold"], 3);

    public int SuccessThreshold => Meta.Int(spec["successThreshold"], 1);

    /// <summary>True when the probe succeeds within its timeout.</summary>
    public async Task<bool> RunAsync(int mainProcess, ContainerIdentity identity, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            if (spec["exec"]?["command"] is JsonArray command)
            {
                return await ExecAsync(ContainerLaunch.Exec(mainProcess, identity, command.Select(c => (string)c!).ToList(), environment), timeout.Token);
            }

            if (spec["tcpSocket"] is { } tcp)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(podIp, Port(tcp["port"]), timeout.Token);
                return true;
            }

            if (spec["httpGet"] is { } http)
            {
                using var client = new HttpClient();
                string path = (string?)http["path"] ?? "/";
                using var response = await client.GetAsync(new Uri($"http://{podIp}:{Port(http["port"])}{path}"), timeout.Token);
                return (int)response.StatusCode is >= 200 and < 400;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }

        throw new InvalidOperationException($"probe {spec.ToJsonString()} is not supported by the pod runner");
    }

    private int Port(JsonNode? port)
    {
        if (port is JsonValue value && value.TryGetValue(out int number))
        {
            return number;
        }

        string name = (string?)port ?? "";
        return (container["ports"]?.AsArray() ?? []).Where(p => (string?)p?["name"] == name).Select(p => Meta.Int(p!["containerPort"], 0)).FirstOrDefault(0) is var found and > 0
            ? found
            : throw new InvalidOperationException($"probe port {name} is not a port of container {container["name"]}");
    }

    private static async Task<bool> ExecAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        using var process = Process.Start(info)!;
        var drainOut = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var drainErr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(drainOut, drainErr);
        return process.ExitCode == 0;
    }
}
