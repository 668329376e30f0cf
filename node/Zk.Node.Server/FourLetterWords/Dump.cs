using System.Text;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>dump: sessions by expiry bucket and the ephemeral nodes of each session.</summary>
internal sealed class Dump : IFourLetterWord
{
    public string Name => "dump";

    public string Execute(FourLetterContext context)
    {
        var sessions = context.Core.Sessions;
        var buckets = sessions.ExpiryBuckets.ToList();
        var text = new StringBuilder("SessionTracker dump:\n");
        text.Append(FormattableString.Invariant($"Session Sets ({buckets.Count})/({sessions.Count}):\n"));
        foreach (var (expiry, ids) in buckets)
        {
            text.Append(FormattableString.Invariant($"{ids.Count} expire at {DateTimeOffset.FromUnixTimeMilliseconds(expiry):ddd MMM dd HH:mm:ss UTC yyyy}:\n"));
            foreach (long id in ids)
            {
                text.Append(FormattableString.Invariant($"\t0x{id:x}\n"));
            }
        }

        text.Append("ephemeral nodes dump:\n");
        var owners = sessions.All.Select(s => (s.Id, Paths: context.Core.Tree.GetEphemerals(s.Id).ToList())).Where(e => e.Paths.Count > 0).ToList();
        text.Append(FormattableString.Invariant($"Sessions with Ephemerals ({owners.Count}):\n"));
        foreach (var (id, paths) in owners)
        {
            text.Append(FormattableString.Invariant($"0x{id:x}:\n"));
            foreach (string path in paths.Order(StringComparer.Ordinal))
            {
                text.Append('\t').Append(path).Append('\n');
            }
        }

        return text.ToString();
    }
}
