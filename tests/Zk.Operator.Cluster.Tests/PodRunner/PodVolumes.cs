using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Zk.Operator.Cluster.Tests.Sandbox;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// A pod's volumes as host folders: persistentVolumeClaim volumes are the claim's folder (it outlives the pod;
/// <see cref="ClaimFolder"/>), emptyDir a folder of the pod, configMap and secret volumes folders of the pod
/// filled with the object's keys as files each time a container starts. fsGroup owns the writable ones
/// (group, setgid, group-writable), as kubelet applies it.
/// </summary>
internal sealed class PodVolumes(ClusterStore store, string claimsRoot, string podRoot)
{
    private readonly Dictionary<string, (string Path, JsonObject Spec)> _folders = new(StringComparer.Ordinal);

    public static string ClaimFolder(string claimsRoot, string ns, string claim) => Path.Combine(claimsRoot, ns, claim);

    /// <summary>The host folder of a volume; <see cref="PrepareAsync"/> first.</summary>
    public string PathOf(string volume) => _folders.TryGetValue(volume, out var folder)
        ? folder.Path
        : throw new ContainerConfigException($"volume \"{volume}\" is not declared by the pod");

    /// <summary>Creates every volume's folder; fails (the pod waits) while a claim or a source object is missing.</summary>
    public async Task PrepareAsync(JsonObject pod, long? fsGroup)
    {
        string ns = Meta.Namespace(pod);
        foreach (var volume in pod["spec"]?["volumes"]?.AsArray() ?? [])
        {
            string name = (string)volume!["name"]!;
            string path;
            if (volume["persistentVolumeClaim"]?["claimName"] is { } claimName)
            {
                var claim = store.Get(ClusterStore.Claims, ns, (string)claimName!);
                if (claim is null || Meta.IsDeleting(claim))
                {
                    throw new ContainerConfigException($"persistentvolumeclaim \"{claimName}\" not found");
                }

                path = ClaimFolder(claimsRoot, ns, (string)claimName!);
                Directory.CreateDirectory(path);
                await ApplyFsGroupAsync(path, fsGroup);
            }
            else if (volume["emptyDir"] is not null)
            {
                path = Path.Combine(podRoot, "volumes", name);
                Directory.CreateDirectory(path);
                await ApplyFsGroupAsync(path, fsGroup);
            }
            else if (volume["configMap"] is not null || volume["secret"] is not null)
            {
                path = Path.Combine(podRoot, "volumes", name);
                Directory.CreateDirectory(path);
            }
            else
            {
                throw new InvalidOperationException($"volume {name}: {volume.ToJsonString()} is not supported by the pod runner");
            }

            _folders[name] = (path, volume.AsObject());
        }

        Refresh(pod);
    }

    /// <summary>Writes the current keys of configMap and secret volumes (kubelet keeps them in sync with the objects).</summary>
    public void Refresh(JsonObject pod)
    {
        string ns = Meta.Namespace(pod);
        foreach (var (path, spec) in _folders.Values)
        {
            Dictionary<string, byte[]>? files = null;
            if (spec["configMap"] is { } mapRef)
            {
                var map = store.Get(ClusterStore.ConfigMaps, ns, (string)mapRef["name"]!)
                    ?? throw new ContainerConfigException($"configmap \"{mapRef["name"]}\" not found");
                files = (map["data"]?.AsObject() ?? []).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes((string?)kv.Value ?? ""));
            }
            else if (spec["secret"] is { } secretRef)
            {
                var secret = store.Get(ClusterStore.Secrets, ns, (string)secretRef["secretName"]!)
                    ?? throw new ContainerConfigException($"secret \"{secretRef["secretName"]}\" not found");
                files = (secret["data"]?.AsObject() ?? []).ToDictionary(kv => kv.Key, kv => Convert.FromBase64String((string?)kv.Value ?? ""));
            }

            if (files is null)
            {
                continue;
            }

            foreach (var stale in Directory.EnumerateFiles(path).Where(f => !files.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }

            foreach (var (key, bytes) in files)
            {
                string file = Path.Combine(path, key);
                File.WriteAllBytes(file, bytes);
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
    }

    /// <summary>fsGroupChangePolicy OnRootMismatch: the tree is changed only when the folder's group is not fsGroup yet.</summary>
    private static async Task ApplyFsGroupAsync(string path, long? fsGroup)
    {
        if (fsGroup is not { } group)
        {
            return;
        }

        var (_, stat) = await Command.TryAsync("stat", "-c", "%g", path);
        if (stat.Trim() == group.ToString(CultureInfo.InvariantCulture))
        {
            return;
        }

        await Command.RunAsync("chgrp", "-R", group.ToString(CultureInfo.InvariantCulture), path);
        await Command.RunAsync("chmod", "-R", "g+rwX", path);
        await Command.RunAsync("find", path, "-type", "d", "-exec", "chmod", "g+s", "{}", "+");
    }
}
