using System.Globalization;
using Zk.Client;
using Zk.Operator.Core.Observed;

namespace Zk.Operator.Runtime;

/// <summary>
/// Asks one member what it is with <c>srvr</c>: the Mode line gives the role, the Zxid line the last zxid.
/// A member that is not serving (looking for a leader, still syncing) answers "This ZooKeeper instance is
/// not currently serving requests" without a Mode line, so answering with a mode means it serves in the
/// quorum: synced with the leader, or the leader itself. A standalone server is its own leader.
/// </summary>
public static class MemberProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    public static async Task<MemberAnswer> AskAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await FourLetterWord.SendAsync(host, port, "srvr", timeout, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return MemberAnswer.NoAnswer;
        }

        return Parse(text);
    }

    /// <summary>Reads srvr output; anything without a known Mode is <see cref="MemberRole.Unknown"/>.</summary>
    public static MemberAnswer Parse(string srvr)
    {
        var values = FourLetterWord.ParseSrvr(srvr);
        var role = values.GetValueOrDefault("Mode") switch
        {
            "leader" or "standalone" => MemberRole.Leader,
            "follower" => MemberRole.Follower,
            "observer" => MemberRole.Observer,
            _ => MemberRole.Unknown,
        };
        long zxid = 0;
        if (values.GetValueOrDefault("Zxid") is { } text)
        {
            var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
            _ = long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out zxid);
        }

        return new MemberAnswer(role, zxid, values.GetValueOrDefault("Mode") == "standalone");
    }
}
