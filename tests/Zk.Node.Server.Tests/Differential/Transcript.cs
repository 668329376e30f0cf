using System.Text;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Server.Tests.Differential;

/// <summary>
/// The normalised record of a scripted conversation. Zxids become z0, z1, … in order of first appearance, times
/// become relations (ctime==mtime), session ids become the script's session names, so two servers that behave
/// alike produce identical text even though their clocks and id allocators differ.
/// </summary>
internal sealed class Transcript
{
    private readonly StringBuilder _text = new();
    private readonly Dictionary<long, string> _zxids = [];
    private readonly Dictionary<long, string> _sessions = [];

    public override string ToString() => _text.ToString();

    public void NameSession(long sessionId, string name) => _sessions[sessionId] = name;

    public void Line(string line) => _text.Append(line).Append('\n');

    public string Zxid(long zxid)
    {
        if (zxid <= 0)
        {
            return zxid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!_zxids.TryGetValue(zxid, out string? alias))
        {
            alias = "z" + _zxids.Count;
            _zxids[zxid] = alias;
        }

        return alias;
    }

    public string Session(long id) => id == 0 ? "0" : _sessions.GetValueOrDefault(id, "unknown-session");

    public string Stat(Stat s) =>
        $"stat(c={Zxid(s.Czxid)} m={Zxid(s.Mzxid)} p={Zxid(s.Pzxid)} v={s.Version} cv={s.Cversion} av={s.Aversion} " +
        $"owner={Session(s.EphemeralOwner)} len={s.DataLength} kids={s.NumChildren} ctime{(s.Ctime == s.Mtime ? "=" : "<")}mtime)";

    /// <summary>Records the frames of one step: notifications, then the reply decoded by <paramref name="body"/>.</summary>
    public void Record(string who, string what, List<Frame> frames, Func<JuteReader, string>? body, bool showZxid = true)
    {
        Line($"{who}: {what}");
        foreach (var frame in frames)
        {
            if (frame.IsClosed)
            {
                Line("  connection closed");
                continue;
            }

            var reader = new JuteReader(frame.Body);
            if (frame.Header.Xid == Xids.Notification)
            {
                var e = WatcherEvent.Read(ref reader);
                Line($"  event {(EventType)e.Type} {e.Path} state={e.State}");
                continue;
            }

            string decoded = frame.Header.Err == KeeperErrorCode.Ok && body is not null ? " " + body(reader) : "";
            Line($"  reply {frame.Header.Err}{(showZxid ? " zxid=" + Zxid(frame.Header.Zxid) : "")}{decoded}");
        }
    }

    public static string Data(byte[]? data) => data is null ? "null" : $"'{Encoding.UTF8.GetString(data)}'";
}
