using System.Globalization;

namespace Zk.Operator.Core.Desired;

/// <summary>
/// Every name derived from an ensemble, in one place so builders, planner and shell agree.
/// Voters are <c>NAME-0..</c> with myid = ordinal + 1; observers are <c>NAME-observer-0..</c> with
/// myid = 100 + ordinal, above any voter id (at most 9 voters). <see cref="ClusterDomain"/> is the cluster's DNS
/// domain (the operator's --cluster-domain), the suffix of every member's stable name.
/// </summary>
/// <param name="ClusterDomain">The cluster's DNS domain the members' host names end in (the operator's
/// <c>ZK_OPERATOR_CLUSTER_DOMAIN</c>, the chart's <c>clusterDomain</c>).</param>
public sealed record EnsembleNames(string Name, string Namespace, string ClusterDomain = EnsembleNames.DefaultClusterDomain)
{
    public const int ObserverIdBase = 100;
    public const string DefaultClusterDomain = "cluster.local";

    public string VotersStatefulSet => Name;

    public string ObserversStatefulSet => $"{Name}-observer";

    public string HeadlessService => $"{Name}-hs";

    public string ClientService => $"{Name}-client";

    public string ConfigMap => $"{Name}-config";

    public string PodDisruptionBudget => Name;

    /// <summary>The Secret with the super password the operator authenticates reconfig with.</summary>
    public string AdminSecret => $"{Name}-admin";

    public static int VoterId(int ordinal) => ordinal + 1;

    public static int ObserverId(int ordinal) => ObserverIdBase + ordinal;

    public static bool IsObserverId(int id) => id >= ObserverIdBase;

    public static int OrdinalOf(int id) => IsObserverId(id) ? id - ObserverIdBase : id - 1;

    public string VoterPod(int ordinal) => string.Create(CultureInfo.InvariantCulture, $"{VotersStatefulSet}-{ordinal}");

    public string ObserverPod(int ordinal) => string.Create(CultureInfo.InvariantCulture, $"{ObserversStatefulSet}-{ordinal}");

    public string PodForId(int id) => IsObserverId(id) ? ObserverPod(OrdinalOf(id)) : VoterPod(OrdinalOf(id));

    /// <summary>The stable DNS name the headless Service gives a member pod.</summary>
    public string PodHost(string pod) => $"{pod}.{HeadlessService}.{Namespace}.svc.{ClusterDomain}";

    /// <summary>The <c>client-host:port</c> members and clients use: every member listens on all interfaces.</summary>
    public static string ClientAddress => "0.0.0.0:" + ZooCfg.ClientPort.ToString(CultureInfo.InvariantCulture);

    public Observed.ServerEntry Server(int id) => new(
        id,
        PodHost(PodForId(id)),
        Observed.ServerEntry.DefaultQuorumPort,
        Observed.ServerEntry.DefaultElectionPort,
        IsObserverId(id) ? Observed.ServerRole.Observer : Observed.ServerRole.Participant,
        ClientAddress);
}
