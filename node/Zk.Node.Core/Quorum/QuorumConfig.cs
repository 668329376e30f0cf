using System.Globalization;
using System.Text;

namespace Zk.Node.Core.Quorum;

/// <summary>
/// The dynamic configuration: the members and the version (the zxid of the reconfig that created it, or of the first
/// NEWLEADER). Immutable; reconfiguration builds a new one (<see cref="Reconfig"/>).
/// </summary>
/// <remarks>
/// The text is what ZooKeeper stores in <c>/zookeeper/config</c> and sends in election notifications
/// (QuorumMaj.toString), one line per member and no newline after the version:
/// <code>
/// server.1=zk-0.zk-hs:2888:3888:participant;0.0.0.0:2181\n
/// server.2=zk-1.zk-hs:2888:3888:observer;0.0.0.0:2181\n
/// version=100000000
/// </code>
/// Members are listed in the iteration order of ZooKeeper's <c>HashMap&lt;Long, QuorumServer&gt;</c>: by bucket
/// (the id's Long.hashCode, spread, masked by a table of 16 doubled while more than three quarters full), and within
/// a bucket in insertion order. ZooKeeper's insertion order when it parses text follows java.util.Properties hashing,
/// which we do not reproduce, so ids that share a bucket (ids equal modulo the table size, e.g. 1 and 17) may be
/// listed in another order than ZooKeeper would; distinct buckets always match. <see cref="Members"/> is that order.
/// </remarks>
public sealed class QuorumConfig
{
    private readonly Dictionary<long, QuorumServerSpec> _byId = [];
    private byte[]? _bytes;
    private string? _text;

    /// <param name="members">In insertion order; a later entry with the same id replaces the earlier one in place.</param>
    public QuorumConfig(IEnumerable<QuorumServerSpec> members, long version)
    {
        ArgumentNullException.ThrowIfNull(members);
        var ordered = new List<QuorumServerSpec>();
        foreach (var member in members)
        {
            int existing = ordered.FindIndex(m => m.Id == member.Id);
            if (existing >= 0)
            {
                ordered[existing] = member;
            }
            else
            {
                ordered.Add(member);
            }
        }

        int capacity = TableCapacity(ordered.Count);
        Members = [.. ordered.Select((m, i) => (m, i)).OrderBy(x => Bucket(x.m.Id, capacity)).ThenBy(x => x.i).Select(x => x.m)];
        foreach (var member in Members)
        {
            _byId[member.Id] = member;
        }

        Version = version;
        Voters = Members.Where(m => m.IsParticipant).Select(m => m.Id).ToHashSet();
        Observers = Members.Where(m => !m.IsParticipant).Select(m => m.Id).ToHashSet();
        Verifier = new MajorityQuorumVerifier(Voters);
    }

    /// <summary>An empty configuration, version 0 (a standalone server's).</summary>
    public static QuorumConfig Empty { get; } = new([], 0);

    /// <summary>All members in ZooKeeper's iteration order.</summary>
    public IReadOnlyList<QuorumServerSpec> Members { get; }

    public long Version { get; }

    public IReadOnlySet<long> Voters { get; }

    public IReadOnlySet<long> Observers { get; }

    public IQuorumVerifier Verifier { get; }

    public QuorumServerSpec? Find(long id) => _byId.GetValueOrDefault(id);

    public bool Contains(long id) => _byId.ContainsKey(id);

    public bool IsVoter(long id) => Voters.Contains(id);

    public QuorumConfig WithVersion(long version) => new(Members, version);

    /// <summary>QuorumMaj.toString: the exact text of <c>/zookeeper/config</c>.</summary>
    public string Format()
    {
        if (_text is null)
        {
            var sb = new StringBuilder();
            foreach (var member in Members)
            {
                sb.Append(member.FormatLine()).Append('\n');
            }

            sb.Append("version=").Append(Version.ToString("x", CultureInfo.InvariantCulture));
            _text = sb.ToString();
        }

        return _text;
    }

    /// <summary><see cref="Format"/> as UTF-8, cached: the config bytes of every election notification.</summary>
    public ReadOnlySpan<byte> FormatBytes() => _bytes ??= Encoding.UTF8.GetBytes(Format());

    public override string ToString() => Format();

    /// <summary>
    /// Parses dynamic configuration text as ZooKeeper loads it (java.util.Properties lines, <c>server.N=</c> and
    /// <c>version=</c> keys, other keys ignored). Returns null and ZooKeeper's message on failure.
    /// </summary>
    public static QuorumConfig? TryParse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var members = new List<QuorumServerSpec>();
        long version = 0;
        foreach (var (key, value) in PropertiesText.Parse(text))
        {
            if (key.StartsWith("group", StringComparison.Ordinal) || key.StartsWith("weight", StringComparison.Ordinal))
            {
                error = "hierarchical quorums (group./weight. keys) are not supported";
                return null;
            }

            if (key.StartsWith("server.", StringComparison.Ordinal))
            {
                string idText = key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
                if (!long.TryParse(idText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long id))
                {
                    error = "For input string: \"" + idText + "\"";
                    return null;
                }

                var spec = QuorumServerSpec.TryParse(id, value, out error);
                if (spec is null)
                {
                    return null;
                }

                members.Add(spec);
            }
            else if (key == "version")
            {
                if (!TryParseHexLong(value, out version))
                {
                    error = "For input string: \"" + value + "\" under radix 16";
                    return null;
                }
            }
        }

        return new QuorumConfig(members, version);
    }

    /// <summary><see cref="TryParse"/> that throws <see cref="FormatException"/>.</summary>
    public static QuorumConfig Parse(string text) =>
        TryParse(text, out string? error) ?? throw new FormatException(error);

    /// <summary>Long.parseLong(s, 16): an optional sign, then hex digits, signed 64-bit range.</summary>
    internal static bool TryParseHexLong(string text, out long value)
    {
        value = 0;
        bool negative = text.StartsWith('-');
        string digits = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        System.Numerics.BigInteger magnitude = System.Numerics.BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var signed = negative ? -magnitude : magnitude;
        if (signed < long.MinValue || signed > long.MaxValue)
        {
            return false;
        }

        value = (long)signed;
        return true;
    }

    /// <summary>java.util.HashMap's table size after inserting <paramref name="count"/> keys one by one.</summary>
    private static int TableCapacity(int count)
    {
        int capacity = 16;
        while (count > capacity * 3 / 4)
        {
            capacity *= 2;
        }

        return capacity;
    }

    /// <summary>HashMap's bucket of a Long key: Long.hashCode, then hash ^ (hash &gt;&gt;&gt; 16), masked.</summary>
    private static int Bucket(long id, int capacity)
    {
        int hash = (int)(id ^ (long)((ulong)id >> 32));
        hash ^= (int)((uint)hash >> 16);
        return hash & (capacity - 1);
    }
}
