using System.Net;
using System.Net.Sockets;
using Zk.Client;
using Zk.Operator.Controller;
using Zk.Operator.Core.Desired;
using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;
using Zk.Operator.Kube;
using Zk.Operator.Queue;
using Zk.Operator.Runtime;

namespace Zk.Operator.Tests.Support;

/// <summary>
/// The operator loop as <c>zk-operator local</c> runs it — in-memory resource, work queue, controller,
/// <see cref="LocalProcessRuntime"/> with real zknode processes — on free loopback ports and a temporary folder.
/// </summary>
internal sealed class LocalEnsembleHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _log = new();
    private readonly WorkQueue _queue;
    private readonly Task _loop;

    private LocalEnsembleHarness(string name, int replicas, int observers)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"zk-operator-e2e-{Environment.ProcessId}-{name}");
        var log = new JsonLog(TextWriter.Synchronized(_log), TimeProvider.System);
        System.IO.Directory.CreateDirectory(Directory);
        Names = new EnsembleNames(name, "e2e");
        Runtime = new LocalProcessRuntime(
            new LocalRuntimeOptions { ZknodeBinary = Zknode.Binary.Value!, DataDirectory = Directory, BasePort = FreeBasePort(replicas + observers) },
            TimeProvider.System,
            log.For("runtime"));
        Store = new InMemoryEnsembleStore(JsonLog.Null);
        var ensemble = new ZkEnsemble
        {
            Metadata = new Core.Resources.ObjectMeta { Name = name, Namespace = Names.Namespace },
            Spec = new ZkEnsembleSpec { Replicas = replicas, Observers = observers, Config = new() { ["tickTime"] = "200" } },
        };
        Key = Store.Put(ensemble.ToJsonObject()).GetKey();
        _queue = new WorkQueue(new WorkQueueOptions { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) });
        var controller = new ZkEnsembleController(
            Runtime,
            Store,
            TimeProvider.System,
            log.For("controller"),
            options: new ControllerOptions { AfterStep = TimeSpan.FromMilliseconds(100), WhileWaiting = TimeSpan.FromMilliseconds(250) });
        var loop = new ControllerLoop(_queue, (key, _) => Task.FromResult(Store.Get(key)), controller, new OperatorMetrics(nameof(LocalEnsembleHarness)), log.For("loop"), TimeProvider.System);
        _queue.Add(Key);
        _loop = loop.RunAsync(1, _stop.Token);
    }

    public string Directory { get; }

    public EnsembleNames Names { get; }

    public string Key { get; }

    public LocalProcessRuntime Runtime { get; }

    public InMemoryEnsembleStore Store { get; }

    public static LocalEnsembleHarness Start(string name, int replicas, int observers = 0) => new(name, replicas, observers);

    public ZkEnsembleStatus? Status => Store.Get(Key) is { } obj ? ZkEnsemble.FromJson(obj).Status : null;

    /// <summary>Waits until the status says Available with the given ready voters; a timeout tells the last status and the events.</summary>
    public async Task WaitForAvailableAsync(int readyReplicas, TimeSpan deadline)
    {
        try
        {
            await Eventually.True(
                () => Task.FromResult(Status is { } s && Conditions.IsTrue(s.Conditions, ConditionTypes.Available) && s.ReadyReplicas == readyReplicas),
                $"{Names.Name} Available with {readyReplicas} ready voter(s)",
                deadline);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"{e.Message}; last status {Store.Get(Key)?["status"]?.ToJsonString()}\nevents:\n{string.Join("\n", Store.Events.Select(ev => $"{ev.Reason}: {ev.Message}"))}"
                + $"\noperator log (last lines):\n{OperatorLog(40)}",
                e);
        }
    }

    /// <summary>A client session over every member the runtime knows of.</summary>
    public Task<ZkClient> ConnectAsync() => ZkClient.ConnectAsync(Runtime.ConnectString(Names), TimeSpan.FromSeconds(10));

    /// <summary>Changes the spec as a user editing the resource would, and pokes the queue as a watch event would.</summary>
    public void Edit(Action<ZkEnsembleSpec> change)
    {
        var ensemble = ZkEnsemble.FromJson(Store.Get(Key)!);
        change(ensemble.Spec);
        Store.Put(ensemble.ToJsonObject());
        _queue.Add(Key);
    }

    /// <summary>The last <paramref name="lines"/> lines the controller and the runtime logged.</summary>
    public string OperatorLog(int lines)
    {
        string text;
        lock (_log)
        {
            text = _log.ToString();
        }

        return string.Join("\n", text.Split('\n').TakeLast(lines));
    }

    /// <summary>The tail of every member's zknode.log under <see cref="Directory"/>, for failure messages.</summary>
    public string MemberLogs(int lines = 30) => string.Join("\n", System.IO.Directory.EnumerateFiles(Directory, "zknode.log", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => $"==== {Path.GetRelativePath(Directory, f)}\n" + string.Join("\n", File.ReadLines(f).TakeLast(lines))));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _queue.ShutDown();
        await _loop;
        await Runtime.DisposeAsync();
        _queue.Dispose();
        _stop.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does not affect other tests.
        }
    }

    /// <summary>A base port whose client, quorum and election bands are all free for <paramref name="members"/> slots.</summary>
    internal static int FreeBasePort(int members)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int candidate = Random.Shared.Next(20000, 40000);
            bool free = true;
            for (int slot = 0; slot < Math.Max(members, 1) + ZkEnsembleSpec.MaxReplicas && free; slot++)
            {
                foreach (int band in new[] { 0, LocalPorts.Band, 2 * LocalPorts.Band })
                {
                    free &= IsFree(candidate + band + slot);
                }
            }

            if (free)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no free port range found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
