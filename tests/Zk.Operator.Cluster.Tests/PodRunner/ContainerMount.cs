namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>A host folder bound into a container's root at <paramref name="MountPath"/>.</summary>
internal sealed record ContainerMount(string HostPath, string MountPath, bool ReadOnly);
