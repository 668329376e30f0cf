using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Zk.Operator.Controller;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;
using Zk.Operator.Kube;
using Zk.Operator.Queue;
using Zk.Operator.Runtime;

namespace Zk.Operator.Hosting;

/// <summary>
/// <c>zk-operator local --replicas N --observers M [--base-port P] [--data DIR] [--name NAME] [--metrics-port P] [--file F]</c>:
/// the controller loop against <see cref="LocalProcessRuntime"/>, no Kubernetes: real zknode processes
/// on 127.0.0.1, the ZkEnsemble resource in memory. With <c>--file</c> the resource is that manifest (created from
/// the flags when missing), and editing the file changes the ensemble as editing the resource would in a cluster
/// (<see cref="EnsembleFile"/>). Ctrl-C stops the members.
/// </summary>
public static class LocalCommand
{
    public const string Namespace = "local";

    /// <summary>The meter local's /metrics exports.</summary>
    public const string MeterName = "Zk.Operator.Local";

    public static async Task<int> RunAsync(CommandLine line, JsonLog log, TextWriter stdout, CancellationToken stopping)
    {
        line.RejectUnknown("replicas", "observers", "base-port", "data", "name", "metrics-port", "config", "file");
        var time = TimeProvider.System;
        var file = line.Get("file") is { } filePath ? new EnsembleFile(Path.GetFullPath(filePath)) : null;
        var ensemble = new ZkEnsemble
        {
            Metadata = new Core.Resources.ObjectMeta { Name = line.Get("name") ?? "local", Namespace = Namespace },
            Spec = new ZkEnsembleSpec
            {
                Replicas = line.GetInt("replicas", 1, 0, 100),
                Observers = line.GetInt("observers", 0, 0, 1000),
                Config = ParseConfig(line.GetAll("config")),
            },
        };
        if (file is { Exists: true })
        {
            try
            {
                ensemble = file.Read();
            }
            catch (FormatException e)
            {
                log.Error("cannot use the ensemble file", ("path", file.Path), ("error", e.Message));
                return 2;
            }

            ensemble.Metadata.Namespace = Namespace;
            stdout.WriteLine($"zk-operator local: running the ensemble in {file.Path} (the file wins over --replicas, --observers, --config, --name)");
        }
        else
        {
            file?.Write(ensemble);
        }

        var errors = SpecValidator.Validate(ensemble);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                log.Error("invalid ensemble", ("field", error.Path), ("error", error.Message));
            }

            return 2;
        }

        var options = new LocalRuntimeOptions
        {
            ZknodeBinary = LocalRuntimeOptions.DefaultBinary(),
            DataDirectory = Path.GetFullPath(line.Get("data") ?? Path.Combine(".data", "local")),
            BasePort = line.GetInt("base-port", 2181, 1024, 65535 - (2 * LocalPorts.Band) - 64),
        };
        if (!File.Exists(options.ZknodeBinary))
        {
            log.Error("zknode not found; build it with `make build` or set ZKNODE_BIN", ("path", options.ZknodeBinary));
            return 2;
        }

        // A meter name of its own: in-process tests keep local's series apart from run's exporter.
        using var metrics = new OperatorMetrics(MeterName) { IsLeader = () => true };
        var store = new InMemoryEnsembleStore(log.For("events"));
        var stored = store.Put(ensemble.ToJsonObject());
        string key = stored.GetKey();
        await using var runtime = new LocalProcessRuntime(options, time, log.For("runtime"));
        using var queue = new WorkQueue(new WorkQueueOptions { TimeProvider = time, MaxBackoff = TimeSpan.FromSeconds(30) });
        metrics.QueueDepth = () => queue.Depth;
        var controller = new ZkEnsembleController(runtime, store, time, log.For("controller"), metrics);
        var loop = new ControllerLoop(queue, (k, _) => Task.FromResult(store.Get(k)), controller, metrics, log.For("loop"), time);

        await using var http = line.GetInt("metrics-port", 0, 0, 65535) is > 0 and var metricsPort
            ? await StartHttpAsync(new HttpEndpoints(metricsPort, metricsPort, LoopbackOnly: true), log)
            : null;

        var names = new EnsembleNames(ensemble.Metadata.Name, Namespace);
        var clientPorts = Enumerable.Range(0, ensemble.Spec.Replicas).Select(o => LocalPorts.For(options.BasePort, EnsembleNames.VoterId(o)).Client)
            .Concat(Enumerable.Range(0, ensemble.Spec.Observers).Select(o => LocalPorts.For(options.BasePort, EnsembleNames.ObserverId(o)).Client));
        stdout.WriteLine($"zk-operator local: ensemble '{names.Name}' with {ensemble.Spec.Replicas} voter(s) and {ensemble.Spec.Observers} observer(s)");
        stdout.WriteLine("  clients: " + string.Join(',', clientPorts.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture))));
        stdout.WriteLine($"  data:    {options.DataDirectory}   zknode: {options.ZknodeBinary}");
        if (file is not null)
        {
            stdout.WriteLine($"  edit {file.Path} to scale or reconfigure it (saved changes are applied one step at a time).");
        }

        stdout.WriteLine("  Ctrl-C stops the members.");

        queue.Add(key);
        using var resync = queue.StartResync(() => [key], TimeSpan.FromSeconds(10));
        await using var registration = stopping.Register(queue.ShutDown);
        var watching = file?.WatchAsync(time, FilePollInterval, changed => Edited(changed, ensemble.Metadata.Name, store, queue, key, log), error => log.Error("ensemble file not applied; the running spec stays", ("path", file.Path), ("error", error)), stopping)
            ?? Task.CompletedTask;
        await loop.RunAsync(1, stopping);
        await watching;
        if (http is not null)
        {
            await http.StopAsync(CancellationToken.None);
        }

        log.Info("stopping local members");
        return 0;
    }

    /// <summary>/healthz, /readyz and /metrics on one loopback port, hosted as <c>run</c> hosts them.</summary>
    private static async Task<WebApplication> StartHttpAsync(HttpEndpoints endpoints, JsonLog log)
    {
        var app = OperatorWeb.CreateBuilder(endpoints, MeterName, "local", () => null).Build().MapEndpoints(endpoints);
        await app.StartAsync(CancellationToken.None);
        log.Info("http endpoint listening", ("port", endpoints.HealthPort), ("paths", "/healthz,/readyz,/metrics"));
        return app;
    }

    /// <summary>How often <c>--file</c> is looked at.</summary>
    private static readonly TimeSpan FilePollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The user saved the file: it replaces the resource (status kept) as an apply would; an invalid spec is then reported by the controller.</summary>
    private static void Edited(ZkEnsemble changed, string name, InMemoryEnsembleStore store, WorkQueue queue, string key, JsonLog log)
    {
        if (changed.Metadata.Name != name)
        {
            log.Error("the ensemble file renames the ensemble; renaming is not supported, the running spec stays", ("from", name), ("to", changed.Metadata.Name));
            return;
        }

        changed.Metadata.Namespace = Namespace;
        store.Put(changed.ToJsonObject());
        log.Info("ensemble file changed", ("replicas", changed.Spec.Replicas), ("observers", changed.Spec.Observers));
        queue.Add(key);
    }

    private static Dictionary<string, string>? ParseConfig(IReadOnlyList<string> pairs)
    {
        if (pairs.Count == 0)
        {
            return null;
        }

        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"--config takes key=value, got '{pair}'");
            }

            config[pair[..eq]] = pair[(eq + 1)..];
        }

        return config;
    }
}
