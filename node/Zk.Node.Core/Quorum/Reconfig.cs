using System.Globalization;
using Zk.Node.Protocol.Client;

namespace Zk.Node.Core.Quorum;

/// <summary>
/// The configuration arithmetic of a reconfig request, as ZooKeeper's PrepRequestProcessor does it on the leader.
/// What is left to the caller (ZAB): RECONFIGDISABLED, ACL checks, RECONFIGINPROGRESS (last seen config differs from
/// the committed one) and NEWCONFIGNOQUORUM (no synced quorum of the new voters).
/// </summary>
public static class Reconfig
{
    /// <summary>
    /// Computes the proposed configuration from <paramref name="lastSeen"/>. <paramref name="newMembers"/> non-null
    /// selects a non-incremental (bulk) change, otherwise <paramref name="joiningServers"/> (entries <c>server.5=…</c>
    /// or <c>5=…</c>) and <paramref name="leavingServers"/> (ids) are applied, all comma separated.
    /// </summary>
    /// <param name="curConfigId">The version the client expects, or -1 for any (BADVERSION otherwise).</param>
    /// <param name="newVersion">The zxid of the reconfig txn: the new configuration's version.</param>
    /// <param name="standaloneEnabled">ZooKeeper's standaloneEnabled (default true): then fewer than two voters is refused.</param>
    public static ReconfigResult Compute(
        QuorumConfig lastSeen,
        string? joiningServers,
        string? leavingServers,
        string? newMembers,
        long curConfigId,
        long newVersion,
        bool standaloneEnabled = true)
    {
        ArgumentNullException.ThrowIfNull(lastSeen);
        if (curConfigId != -1 && curConfigId != lastSeen.Version)
        {
            return ReconfigResult.Fail(
                KeeperErrorCode.BadVersion,
                string.Create(CultureInfo.InvariantCulture, $"Reconfiguration from version {curConfigId} failed -- last seen version is {lastSeen.Version}"));
        }

        var result = newMembers is not null
            ? NonIncremental(newMembers, newVersion, standaloneEnabled)
            : Incremental(lastSeen, joiningServers, leavingServers, newVersion);
        if (!result.IsOk)
        {
            return result;
        }

        int voters = result.Config!.Voters.Count;
        if (standaloneEnabled && voters < 2)
        {
            return ReconfigResult.Fail(KeeperErrorCode.BadArguments, "Reconfig failed - new configuration must include at least 2 followers");
        }

        if (voters < 1)
        {
            return ReconfigResult.Fail(KeeperErrorCode.BadArguments, "Reconfig failed - new configuration must include at least 1 follower");
        }

        return result;
    }

    private static ReconfigResult NonIncremental(string newMembers, long newVersion, bool standaloneEnabled)
    {
        // Input may be delimited by commas or newlines; ZooKeeper turns commas into newlines and loads Properties.
        var parsed = QuorumConfig.TryParse(newMembers.Replace(",", "\n", StringComparison.Ordinal), out string? error);
        if (parsed is null)
        {
            return ReconfigResult.Fail(KeeperErrorCode.BadArguments, error);
        }

        // QuorumPeerConfig.parseDynamicConfig's sanity rules.
        int participants = parsed.Voters.Count;
        int observers = parsed.Observers.Count;
        if (participants == 0)
        {
            if (!standaloneEnabled)
            {
                return ReconfigResult.Fail(KeeperErrorCode.BadArguments, "standaloneEnabled = false then number of participants should be >0");
            }

            if (observers > 0)
            {
                return ReconfigResult.Fail(KeeperErrorCode.BadArguments, "Observers w/o participants is an invalid configuration");
            }
        }
        else if (participants == 1 && standaloneEnabled && observers > 0)
        {
            return ReconfigResult.Fail(KeeperErrorCode.BadArguments, "Observers w/o quorum is an invalid configuration");
        }

        return ReconfigResult.Ok(parsed.WithVersion(newVersion));
    }

    private static ReconfigResult Incremental(QuorumConfig lastSeen, string? joiningServers, string? leavingServers, long newVersion)
    {
        var next = lastSeen.Members.ToList();
        if (leavingServers is not null)
        {
            foreach (string leaving in JavaText.SplitTrimmed(leavingServers, ','))
            {
                if (!long.TryParse(leaving, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long sid))
                {
                    return ReconfigResult.Fail(KeeperErrorCode.BadArguments, "For input string: \"" + leaving + "\"");
                }

                next.RemoveAll(m => m.Id == sid);
            }
        }

        if (joiningServers is not null)
        {
            foreach (string joiner in JavaText.SplitTrimmed(joiningServers, ','))
            {
                var parts = JavaText.SplitTrimmed(joiner, '=');
                if (parts.Count != 2)
                {
                    return ReconfigResult.Fail(KeeperErrorCode.BadArguments, "Wrong format of server string");
                }

                string idText = parts[0][(parts[0].LastIndexOf('.') + 1)..];
                if (!long.TryParse(idText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long sid))
                {
                    return ReconfigResult.Fail(KeeperErrorCode.BadArguments, "For input string: \"" + idText + "\"");
                }

                var spec = QuorumServerSpec.TryParse(sid, parts[1], out _);
                if (spec is null)
                {
                    return ReconfigResult.Fail(KeeperErrorCode.BadArguments, "Reconfiguration failed");
                }

                if (spec.ClientPort is null)
                {
                    return ReconfigResult.Fail(
                        KeeperErrorCode.BadArguments,
                        "Wrong format of server string - each server should have 3 ports specified");
                }

                foreach (var other in next)
                {
                    if (other.Id != spec.Id && Conflicts(spec, other) is { } conflict)
                    {
                        return ReconfigResult.Fail(KeeperErrorCode.BadArguments, conflict);
                    }
                }

                next.RemoveAll(m => m.Id == spec.Id);
                next.Add(spec);
            }
        }

        return ReconfigResult.Ok(new QuorumConfig(next, newVersion));
    }

    /// <summary>
    /// QuorumServer.checkAddressDuplicate. ZooKeeper compares resolved addresses; the pure core cannot resolve, so
    /// names are compared case-insensitively and wildcard, loopback and localhost addresses are left out as ZooKeeper does.
    /// </summary>
    private static string? Conflicts(QuorumServerSpec joiner, QuorumServerSpec other)
    {
        var others = other.ComparableAddresses().ToHashSet();
        foreach (var mine in joiner.ComparableAddresses())
        {
            if (others.Contains(mine))
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"{mine.Host}:{mine.Port} of server.{joiner.Id} conflicts {mine.Host}:{mine.Port} of server.{other.Id}");
            }
        }

        return null;
    }
}
