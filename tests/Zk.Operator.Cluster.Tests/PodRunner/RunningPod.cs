using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Zk.Operator.Cluster.Tests.Sandbox;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// One pod on the sandbox "node", kubelet's part: its network namespace and address, its DNS names, its volumes,
/// the init containers in order to success, then the main container restarted whenever it exits
/// (restartPolicy Always, with backoff), readiness and liveness probes, status written at every change; on
/// termination SIGTERM, SIGKILL after the grace period, and the pod's finalizer removed so the object goes.
/// </summary>
internal sealed class RunningPod
{
    /// <summary>Kubelet's backoff is 10s doubling to 5 minutes; the same shape, shorter, so a test sees recoveries.</summary>
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(16);

    private readonly PodContext _context;
    private readonly JsonObject _pod;
    private readonly string _ns;
    private readonly string _name;
    private readonly string _root;
    private readonly CancellationTokenSource _terminate = new();
    private readonly List<ContainerState> _init;
    private readonly List<ContainerState> _main;
    private readonly Lock _statusLock = new();
    private readonly StreamWriter _log;
    private PodStatusWriter? _status;
    private string? _ip;
    private string _phase = "Pending";
    private bool _detached;

    public RunningPod(PodContext context, JsonObject pod)
    {
        _context = context;
        _pod = pod;
        _ns = Meta.Namespace(pod);
        _name = Meta.Name(pod);
        _root = Path.Combine(context.Root, "pods", $"{_ns}_{_name}_{Meta.Uid(pod)}");
        Directory.CreateDirectory(_root);
        _log = new StreamWriter(Path.Combine(_root, "pod.log"), append: true) { AutoFlush = true };
        _init = Containers("initContainers").Select(c => new ContainerState((string)c["name"]!, (string?)c["image"] ?? "")).ToList();
        _main = Containers("containers").Select(c => new ContainerState((string)c["name"]!, (string?)c["image"] ?? "")).ToList();
        if (_main.Count != 1)
        {
            throw new InvalidOperationException($"pod {_name}: the pod runner runs exactly one main container, the template has {_main.Count}");
        }

        Completion = Task.Run(RunAsync);
    }

    public string Uid => Meta.Uid(_pod);

    public string LogDirectory => _root;

    public Task Completion { get; }

    /// <summary>Kills the containers gracefully and removes the pod's finalizer (the pod was deleted).</summary>
    public void Terminate() => _terminate.Cancel();

    /// <summary>Kills the containers without touching the store (the test is over).</summary>
    public void Abandon()
    {
        _detached = true;
        _terminate.Cancel();
    }

    private IEnumerable<JsonObject> Containers(string field) => (_pod["spec"]?[field]?.AsArray() ?? []).Select(c => c!.AsObject());

    private async Task RunAsync()
    {
        string? netns = null;
        try
        {
            (netns, _ip) = await CreateNetworkAsync();
            string sub = (string?)_pod["spec"]?["subdomain"] ?? "";
            string host = (string?)_pod["spec"]?["hostname"] ?? _name;
            _context.Hosts.Set(_ns + "/" + _name, _ip, PodDns.Names(host, sub, _ns));
            _status = new PodStatusWriter(_context.Store, _ns, _name, _context.Sandbox.Gateway, TimeProvider.System);
            WriteStatus();
            var volumes = new PodVolumes(_context.Store, _context.ClaimsRoot, _root);
            await UntilAsync(() => volumes.PrepareAsync(_pod, ContainerIdentity.FsGroup(_pod)), _init.Count > 0 ? _init[0] : _main[0]);
            foreach (var (spec, state) in Containers("initContainers").Zip(_init))
            {
                await RunToSuccessAsync(netns, volumes, spec, state);
            }

            _phase = "Running";
            await RunForeverAsync(netns, volumes, Containers("containers").First(), _main[0]);
        }
        catch (OperationCanceledException) when (_terminate.IsCancellationRequested)
        {
            // Deleted: the containers are already stopped.
        }
        catch (Exception e)
        {
            Log($"pod runner failure: {e}");
        }
        finally
        {
            if (netns is not null)
            {
                await _context.Network.DeleteAsync(netns);
            }

            _context.Hosts.Remove(_ns + "/" + _name);
            if (!_detached)
            {
                _context.Store.RemoveFinalizer(ClusterStore.Pods, _ns, _name, PodContext.Finalizer);
            }

            await _log.DisposeAsync();
        }
    }

    /// <summary>The pod's sandbox network, retried with backoff like kubelet's FailedCreatePodSandBox.</summary>
    private async Task<(string Namespace, string Ip)> CreateNetworkAsync()
    {
        var delay = FirstBackoff;
        while (true)
        {
            try
            {
                return await _context.Network.CreateAsync();
            }
            catch (InvalidOperationException e)
            {
                Log($"FailedCreatePodSandBox: {e.Message}");
                await Task.Delay(delay, _terminate.Token);
                delay = Min(delay * 2, MaxBackoff);
            }
        }
    }

    /// <summary>Retries <paramref name="step"/> while it reports a configuration problem, shown as the container's waiting reason.</summary>
    private async Task UntilAsync(Func<Task> step, ContainerState shownOn)
    {
        var delay = FirstBackoff;
        while (true)
        {
            try
            {
                await step();
                return;
            }
            catch (ContainerConfigException e)
            {
                Log($"waiting: {e.Message}");
                (shownOn.Reason, shownOn.Message) = ("CreateContainerConfigError", e.Message);
                WriteStatus();
                await Task.Delay(delay, _terminate.Token);
                delay = Min(delay * 2, MaxBackoff);
            }
        }
    }

    private async Task RunToSuccessAsync(string netns, PodVolumes volumes, JsonObject spec, ContainerState state)
    {
        var delay = FirstBackoff;
        while (true)
        {
            int code = await RunOnceAsync(netns, volumes, spec, state, probes: false);
            if (code == 0)
            {
                return;
            }

            state.RestartCount++;
            (state.State, state.Reason) = ("waiting", "CrashLoopBackOff");
            WriteStatus();
            await Task.Delay(delay, _terminate.Token);
            delay = Min(delay * 2, MaxBackoff);
        }
    }

    private async Task RunForeverAsync(string netns, PodVolumes volumes, JsonObject spec, ContainerState state)
    {
        var delay = FirstBackoff;
        while (true)
        {
            var started = DateTimeOffset.UtcNow;
            await RunOnceAsync(netns, volumes, spec, state, probes: true);
            state.RestartCount++;
            if (DateTimeOffset.UtcNow - started > TimeSpan.FromSeconds(30))
            {
                delay = FirstBackoff;
            }

            (state.State, state.Reason) = ("waiting", "CrashLoopBackOff");
            WriteStatus();
            await Task.Delay(delay, _terminate.Token);
            delay = Min(delay * 2, MaxBackoff);
        }
    }

    /// <summary>Starts the container, waits for it to exit (killing it gracefully on termination), returns its exit code.</summary>
    private async Task<int> RunOnceAsync(string netns, PodVolumes volumes, JsonObject spec, ContainerState state, bool probes)
    {
        Dictionary<string, string> env = [];
        ContainerIdentity identity = null!;
        List<string> commandLine = [];
        var mounts = new List<ContainerMount> { new(_context.Image.AppSource, _context.Image.AppPath, ReadOnly: true) };
        await UntilAsync(
            () =>
            {
                volumes.Refresh(_pod);
                env = ContainerEnvironment.Build(_context.Store, _pod, _ip!, spec, _context.Image);
                identity = ContainerIdentity.Of(_pod, spec, _context.Image);
                commandLine = _context.Image.CommandLine(spec, env);
                mounts.RemoveRange(1, mounts.Count - 1);
                mounts.AddRange((spec["volumeMounts"]?.AsArray() ?? []).Select(m => new ContainerMount(
                    volumes.PathOf((string)m!["name"]!) + ((string?)m["subPath"] is { Length: > 0 } sub ? "/" + sub : ""),
                    (string)m["mountPath"]!,
                    (bool?)m["readOnly"] ?? false)));
                return Task.CompletedTask;
            },
            state);
        string name = state.Name;
        using var process = ContainerLaunch.Start(
            netns,
            (string?)_pod["spec"]?["hostname"] ?? _name,
            Path.Combine(_root, "rootfs-" + name),
            Path.Combine(_root, "start-" + name + ".sh"),
            _context.Hosts.Path,
            mounts,
            identity,
            (string?)spec["workingDir"] ?? _context.Image.WorkingDirectory,
            commandLine,
            env,
            line => Log($"[{name}] {line}"));
        Log($"[{name}] started pid {process.Id}: {string.Join(' ', commandLine)}");
        (state.State, state.Reason, state.Message, state.ExitCode) = ("running", "", null, null);
        (state.Started, state.Ready, state.StartedAt, state.ProcessId) = (true, false, DateTimeOffset.UtcNow, process.Id);
        WriteStatus();
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(_terminate.Token);
        var probeTasks = new List<Task>();
        if (probes)
        {
            probeTasks.Add(ProbeLoopAsync(spec, "readinessProbe", state, process, env, identity, probing.Token));
            probeTasks.Add(ProbeLoopAsync(spec, "livenessProbe", state, process, env, identity, probing.Token));
        }

        try
        {
            await process.WaitForExitAsync(_terminate.Token);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process);
            throw;
        }
        finally
        {
            await probing.CancelAsync();
            await Task.WhenAll(probeTasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        Log($"[{name}] exited with {process.ExitCode}");
        (state.State, state.Reason, state.ExitCode, state.Ready, state.ProcessId) =
            ("terminated", process.ExitCode == 0 ? "Completed" : "Error", process.ExitCode, false, null);
        WriteStatus();
        return process.ExitCode;
    }

    private async Task ProbeLoopAsync(JsonObject spec, string field, ContainerState state, Process process, Dictionary<string, string> env, ContainerIdentity identity, CancellationToken cancellationToken)
    {
        if (spec[field] is not JsonObject probeSpec)
        {
            if (field == "readinessProbe")
            {
                state.Ready = true;
                WriteStatus();
            }

            return;
        }

        var probe = new Probe(probeSpec, spec, _ip!);
        await Task.Delay(probe.InitialDelay, cancellationToken);
        int failures = 0, successes = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // A readiness fault fails the probe whatever the container answers; the probe still runs, as kubelet's would.
            bool ok = await probe.RunAsync(process.Id, identity, env, cancellationToken)
                && !(field == "readinessProbe" && _context.Faults.ReadinessFails(_name));
            (failures, successes) = ok ? (0, successes + 1) : (failures + 1, 0);
            if (field == "readinessProbe")
            {
                bool ready = state.Ready ? failures < probe.FailureThreshold : successes >= probe.SuccessThreshold;
                if (ready != state.Ready)
                {
                    state.Ready = ready;
                    Log($"[{state.Name}] ready={ready}");
                    WriteStatus();
                }
            }
            else if (failures >= probe.FailureThreshold)
            {
                Log($"[{state.Name}] liveness probe failed {failures} times: restarting the container");
                await StopAsync(process);
                return;
            }

            await Task.Delay(probe.Period, cancellationToken);
        }
    }

    /// <summary>SIGTERM, then SIGKILL once terminationGracePeriodSeconds have passed.</summary>
    private async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        var grace = TimeSpan.FromSeconds(_detached ? 2 : Meta.Int(_pod["spec"]?["terminationGracePeriodSeconds"], 30));
        await Command.TryAsync("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Log($"grace period of {grace.TotalSeconds}s over: SIGKILL");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private void WriteStatus()
    {
        if (_detached || _status is null)
        {
            return;
        }

        lock (_statusLock)
        {
            _status.Write(_phase, _ip, _init, _main);
        }
    }

    private void Log(string line)
    {
        lock (_log)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
