namespace Zk.Operator.Core.Resources;

/// <summary>
/// Which zoo.cfg keys a user may override: the operator owns membership, paths, ports, the
/// dynamic-reconfiguration switches because the planner's correctness depends on them, and the super
/// digest its reconfigs authenticate with.
/// </summary>
public static class ConfigPolicy
{
    public static IReadOnlyList<string> DeniedKeys { get; } =
    [
        "dataDir", "dataLogDir", "clientPort", "clientPortAddress", "dynamicConfigFile",
        "reconfigEnabled", "standaloneEnabled", "quorumListenOnAllIPs", "peerType",
        "DigestAuthenticationProvider.superDigest",
    ];

    public static IReadOnlyList<string> DeniedPrefixes { get; } = ["server.", "group.", "weight."];

    /// <summary>The same deny-list as a CEL rule on the config map (a test keeps the two in step).</summary>
    public const string CelRule =
        "self.all(k, !(k in ['dataDir', 'dataLogDir', 'clientPort', 'clientPortAddress', 'dynamicConfigFile', "
        + "'reconfigEnabled', 'standaloneEnabled', 'quorumListenOnAllIPs', 'peerType', "
        + "'DigestAuthenticationProvider.superDigest']) "
        + "&& !k.startsWith('server.') && !k.startsWith('group.') && !k.startsWith('weight.'))";

    public static bool IsDenied(string key) =>
        DeniedKeys.Contains(key, StringComparer.Ordinal)
        || DeniedPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal));
}
