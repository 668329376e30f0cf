using System.Globalization;
using System.Text.Json.Nodes;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// Who a container runs as: runAsUser/runAsGroup (container over pod over the image's USER), fsGroup and
/// supplementalGroups as extra groups, runAsNonRoot checked as kubelet does, readOnlyRootFilesystem.
/// </summary>
internal sealed record ContainerIdentity(long User, long Group, IReadOnlyList<long> Groups, bool ReadOnlyRoot, bool NoNewPrivileges)
{
    public static ContainerIdentity Of(JsonObject pod, JsonObject container, ContainerImage image)
    {
        var podContext = pod["spec"]?["securityContext"];
        var context = container["securityContext"];
        long? imageUser = null, imageGroup = null;
        if (image.User is { } user)
        {
            var parts = user.Split(':');
            imageUser = long.TryParse(parts[0], CultureInfo.InvariantCulture, out var u) ? u : null;
            imageGroup = parts.Length > 1 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var g) ? g : null;
        }

        long uid = Long(context?["runAsUser"]) ?? Long(podContext?["runAsUser"]) ?? imageUser ?? 0;
        long gid = Long(context?["runAsGroup"]) ?? Long(podContext?["runAsGroup"]) ?? imageGroup ?? 0;
        bool nonRoot = Bool(context?["runAsNonRoot"]) ?? Bool(podContext?["runAsNonRoot"]) ?? false;
        if (nonRoot && uid == 0)
        {
            throw new ContainerConfigException("container has runAsNonRoot and image will run as root");
        }

        var groups = new List<long>();
        if (Long(podContext?["fsGroup"]) is { } fsGroup)
        {
            groups.Add(fsGroup);
        }

        groups.AddRange((podContext?["supplementalGroups"]?.AsArray() ?? []).Select(g => Long(g)).OfType<long>());
        return new ContainerIdentity(
            uid,
            gid,
            groups.Distinct().ToList(),
            Bool(context?["readOnlyRootFilesystem"]) ?? false,
            Bool(context?["allowPrivilegeEscalation"]) == false);
    }

    public static long? FsGroup(JsonObject pod) => Long(pod["spec"]?["securityContext"]?["fsGroup"]);

    /// <summary>setpriv's arguments for this identity, capabilities dropped as the template's drop: [ALL] asks.</summary>
    public IEnumerable<string> SetprivArguments()
    {
        yield return "--reuid=" + User.ToString(CultureInfo.InvariantCulture);
        yield return "--regid=" + Group.ToString(CultureInfo.InvariantCulture);
        yield return Groups.Count == 0 ? "--clear-groups" : "--groups=" + string.Join(',', Groups.Select(g => g.ToString(CultureInfo.InvariantCulture)));
        if (NoNewPrivileges)
        {
            yield return "--no-new-privs";
        }

        if (User != 0)
        {
            yield return "--inh-caps=-all";
            yield return "--bounding-set=-all";
        }
    }

    private static long? Long(JsonNode? node) => node is JsonValue v && v.TryGetValue(out long l) ? l : node is JsonValue i && i.TryGetValue(out int n) ? n : null;

    private static bool? Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue(out bool b) ? b : null;
}
