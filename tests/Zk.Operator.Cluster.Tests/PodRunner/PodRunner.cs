using System.Text;
using Zk.Operator.Cluster.Tests.Sandbox;
using Zk.Operator.Kube.Tests.Fake;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// Plays the cluster's node and controllers for the fake API server: on every change of the store (and at least
/// every second) it runs the StatefulSet controller and the garbage collector over the stored objects, then
/// starts a <see cref="RunningPod"/> for each new pod and terminates those whose object was deleted. Pods run as
/// real processes in the sandbox (<see cref="ClusterSandbox"/>); their folders live under <see cref="Root"/>.
/// </summary>
internal sealed class PodRunner : IAsyncDisposable
{
    private readonly ClusterStore _store;
    private readonly PodContext _context;
    private readonly Dictionary<string, RunningPod> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _log = new();
    private readonly Task _loop;

    private PodRunner(FakeResourceStore store, string appFolder)
    {
        var sandbox = ClusterSandbox.Require();
        _store = new ClusterStore(store);
        string dockerfile = Path.Combine(AppContext.BaseDirectory, "zknode.Dockerfile");
        Root = Path.Combine(sandbox.StateDirectory, "pod-runner-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(Root, "pods"));
        _context = new PodContext(_store, sandbox, new PodNetwork(sandbox), new HostsFile(sandbox.HostsFile), ContainerImage.FromDockerfile(dockerfile, appFolder), Root, Faults);
        _loop = Task.Run(LoopAsync);
    }

    public string Root { get; }

    /// <summary>Faults the test injects by pod name: failing readiness, refused creation.</summary>
    public PodFaults Faults { get; } = new();

    /// <summary>Starts playing kubelet for <paramref name="store"/>, with the zknode image's application from <paramref name="appFolder"/>.</summary>
    public static PodRunner Start(FakeResourceStore store, string appFolder) => new(store, appFolder);

    /// <summary>The runner's own log and the last lines of every pod's log, for failure messages.</summary>
    public string Logs(int lines = 40)
    {
        var text = new StringBuilder();
        lock (_log)
        {
            text.Append("==== pod runner\n").Append(_log);
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "pods"), "pod.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append("==== ").Append(Path.GetFileName(Path.GetDirectoryName(file))).Append('\n');
            text.AppendJoin('\n', ReadShared(file).Split('\n').TakeLast(lines)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The folder of a claim, for tests that check what outlives a pod.</summary>
    public string ClaimFolder(string ns, string claim) => PodVolumes.ClaimFolder(_context.ClaimsRoot, ns, claim);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        List<RunningPod> pods;
        lock (_running)
        {
            pods = [.. _running.Values];
        }

        foreach (var pod in pods)
        {
            pod.Abandon();
        }

        await Task.WhenAll(pods.Select(p => p.Completion));
        _context.Hosts.Reset();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var changed = _store.Changed;
            try
            {
                Pass();
            }
            catch (Exception e)
            {
                Log($"pass failed: {e}");
            }

            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(1), _stop.Token)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Pass()
    {
        foreach (var set in _store.List(ClusterStore.StatefulSets))
        {
            StatefulSetController.Reconcile(_store, Faults, set, _store.List(ClusterStore.Pods, Meta.Namespace(set)), _store.List(ClusterStore.Claims, Meta.Namespace(set)));
        }

        GarbageCollector.Collect(_store, _context.ClaimsRoot);
        var pods = _store.List(ClusterStore.Pods).ToDictionary(Meta.Uid, StringComparer.Ordinal);
        lock (_running)
        {
            foreach (var (uid, running) in _running.ToList())
            {
                if (!pods.TryGetValue(uid, out var pod) && running.Completion.IsCompleted)
                {
                    _running.Remove(uid);
                }
                else if (pod is null || Meta.IsDeleting(pod))
                {
                    running.Terminate();
                }
            }

            foreach (var (uid, pod) in pods)
            {
                if (_running.ContainsKey(uid))
                {
                    continue;
                }

                if (Meta.IsDeleting(pod))
                {
                    // Deleted before it ever ran here (or after its runner finished): nothing to stop.
                    _store.RemoveFinalizer(ClusterStore.Pods, Meta.Namespace(pod), Meta.Name(pod), PodContext.Finalizer);
                    continue;
                }

                Log($"starting pod {Meta.Key(pod)} ({uid})");
                _running[uid] = new RunningPod(_context, pod);
            }
        }
    }

    private void Log(string line)
    {
        lock (_log)
        {
            _log.Append(DateTimeOffset.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append(line).Append('\n');
        }
    }

    private static string ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
