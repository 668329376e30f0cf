using System.Collections.Concurrent;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// Faults a test injects into the runner by pod name, so they outlive the pod object (a recreated pod keeps them):
/// a readiness probe that fails whatever the container answers, and a StatefulSet controller that is refused the
/// pod's creation, as a namespace over its quota refuses it. Both are cleared to let the pod recover.
/// </summary>
internal sealed class PodFaults
{
    private readonly ConcurrentDictionary<string, bool> _notReady = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _notCreated = new(StringComparer.Ordinal);

    /// <summary>The pod's readiness probe fails (the container keeps running) until <see cref="Recover"/>.</summary>
    public void FailReadiness(string podName) => _notReady[podName] = true;

    /// <summary>Creating the pod is refused until <see cref="Recover"/>; a pod that exists is left alone.</summary>
    public void RefuseCreation(string podName) => _notCreated[podName] = true;

    /// <summary>Clears every fault of the pod.</summary>
    public void Recover(string podName)
    {
        _notReady.TryRemove(podName, out _);
        _notCreated.TryRemove(podName, out _);
    }

    public bool ReadinessFails(string podName) => _notReady.ContainsKey(podName);

    public bool CreationRefused(string podName) => _notCreated.ContainsKey(podName);
}
