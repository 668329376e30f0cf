using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Server.Tests.Differential;

/// <summary>The vocabulary of differential scenarios: each call sends one request and records what came back.</summary>
internal sealed class Script(Transcript transcript, int port) : IAsyncDisposable
{
    private readonly Dictionary<string, RawSession> _sessions = [];

    public Transcript Transcript => transcript;

    public async Task Open(string who)
    {
        var session = await RawSession.OpenAsync(port);
        _sessions[who] = session;
        transcript.NameSession(session.Connect.SessionId, who);
        transcript.Line($"{who}: open timeout={session.Connect.TimeOut} passwd={session.Connect.Passwd.Length}");
    }

    public Task Create(string who, string path, string? data, int flags = 0, IReadOnlyList<Acl>? acl = null, OpCode op = OpCode.Create) =>
        Step(who, $"{op} {path} {Transcript.Data(Bytes(data))} flags={flags}", op, new CreateRequest(path, Bytes(data), acl ?? Acl.OpenAclUnsafe, flags),
            op == OpCode.Create ? r => CreateResponse.Read(ref r).Path : r => { var c = Create2Response.Read(ref r); return $"{c.Path} {transcript.Stat(c.Stat)}"; });

    public Task CreateTtl(string who, string path, long ttl, int flags = 5) =>
        Step(who, $"createTTL {path} ttl={ttl} flags={flags}", OpCode.CreateTtl, new CreateTtlRequest(path, [], Acl.OpenAclUnsafe, flags, ttl),
            r => { var c = Create2Response.Read(ref r); return $"{c.Path} {transcript.Stat(c.Stat)}"; });

    public Task Delete(string who, string path, int version = -1) =>
        Step(who, $"delete {path} v={version}", OpCode.Delete, new DeleteRequest(path, version), null);

    public Task Exists(string who, string path, bool watch = false) =>
        Step(who, $"exists {path} watch={watch}", OpCode.Exists, new ExistsRequest(path, watch), r => transcript.Stat(ExistsResponse.Read(ref r).Stat));

    public Task GetData(string who, string path, bool watch = false) =>
        Step(who, $"getData {path} watch={watch}", OpCode.GetData, new GetDataRequest(path, watch),
            r => { var d = GetDataResponse.Read(ref r); return $"{Transcript.Data(d.Data)} {transcript.Stat(d.Stat)}"; });

    /// <summary>setData with <paramref name="length"/> bytes of data; the transcript shows the length, not the bytes.</summary>
    public Task SetDataOfLength(string who, string path, int length) =>
        Step(who, $"setData {path} <{length} bytes>", OpCode.SetData, new SetDataRequest(path, new byte[length], -1),
            r => transcript.Stat(SetDataResponse.Read(ref r).Stat));

    /// <summary>getData showing the data's length only.</summary>
    public Task GetDataLength(string who, string path) =>
        Step(who, $"getData {path} (length)", OpCode.GetData, new GetDataRequest(path, false),
            r => $"<{GetDataResponse.Read(ref r).Data?.Length ?? -1} bytes>");

    public Task SetData(string who, string path, string? data, int version = -1) =>
        Step(who, $"setData {path} {Transcript.Data(Bytes(data))} v={version}", OpCode.SetData, new SetDataRequest(path, Bytes(data), version),
            r => transcript.Stat(SetDataResponse.Read(ref r).Stat));

    public Task GetChildren(string who, string path, bool watch = false) =>
        Step(who, $"getChildren {path} watch={watch}", OpCode.GetChildren, new GetChildrenRequest(path, watch),
            r => string.Join(",", GetChildrenResponse.Read(ref r).Children.Order(StringComparer.Ordinal)));

    public Task GetChildren2(string who, string path, bool watch = false) =>
        Step(who, $"getChildren2 {path} watch={watch}", OpCode.GetChildren2, new GetChildren2Request(path, watch),
            r => { var c = GetChildren2Response.Read(ref r); return $"{string.Join(",", c.Children.Order(StringComparer.Ordinal))} {transcript.Stat(c.Stat)}"; });

    public Task GetAcl(string who, string path) =>
        Step(who, $"getACL {path}", OpCode.GetAcl, new GetAclRequest(path),
            r => { var a = GetAclResponse.Read(ref r); return $"[{string.Join(";", a.Acl.Select(x => $"{(int)x.Perms}:{x.Id.Scheme}:{x.Id.Identity}"))}] {transcript.Stat(a.Stat)}"; });

    public Task SetAcl(string who, string path, IReadOnlyList<Acl> acl, int version = -1) =>
        Step(who, $"setACL {path} v={version}", OpCode.SetAcl, new SetAclRequest(path, acl, version), r => transcript.Stat(SetAclResponse.Read(ref r).Stat));

    public Task Sync(string who, string path) =>
        Step(who, $"sync {path}", OpCode.Sync, new SyncRequest(path), r => SyncResponse.Read(ref r).Path);

    public Task AddWatch(string who, string path, AddWatchMode mode) =>
        Step(who, $"addWatch {path} {mode}", OpCode.AddWatch, new AddWatchRequest(path, (int)mode), null);

    public Task RemoveWatches(string who, string path, WatcherType type) =>
        Step(who, $"removeWatches {path} {type}", OpCode.RemoveWatches, new RemoveWatchesRequest(path, (int)type), null);

    public Task CheckWatches(string who, string path, WatcherType type) =>
        Step(who, $"checkWatches {path} {type}", OpCode.CheckWatches, new CheckWatchesRequest(path, (int)type), null);

    public Task Auth(string who, string scheme, string credentials) =>
        StepRaw(who, $"auth {scheme} {credentials}", OpCode.Auth, w => new AuthPacket(0, scheme, System.Text.Encoding.UTF8.GetBytes(credentials)).Write(w), null, Xids.Auth, showZxid: false);

    public Task GetEphemerals(string who, string prefix) =>
        Step(who, $"getEphemerals {prefix}", OpCode.GetEphemerals, new GetEphemeralsRequest(prefix),
            r => string.Join(",", GetEphemeralsResponse.Read(ref r).Ephemerals.Order(StringComparer.Ordinal)));

    public Task GetAllChildrenNumber(string who, string path) =>
        Step(who, $"getAllChildrenNumber {path}", OpCode.GetAllChildrenNumber, new GetAllChildrenNumberRequest(path),
            r => GetAllChildrenNumberResponse.Read(ref r).TotalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task WhoAmI(string who) =>
        StepRaw(who, "whoAmI", OpCode.WhoAmI, _ => { }, r => string.Join(";", WhoAmIResponse.Read(ref r).ClientInfo.Select(c => $"{c.AuthScheme}:{c.User}")));

    /// <summary>reconfig; only the outcome is recorded (a new configuration's text holds this run's ports).</summary>
    public Task Reconfig(string who, string? joining, string? leaving, string? newMembers, long fromConfig = -1) =>
        Step(who, $"reconfig joining={joining ?? "-"} leaving={leaving ?? "-"} members={newMembers ?? "-"} from={fromConfig}", OpCode.Reconfig,
            new ReconfigRequest(joining, leaving, newMembers, fromConfig), _ => "new config");

    public Task Multi(string who, string what, params MultiOperation[] ops) => MultiOp(who, what, OpCode.Multi, ops);

    public Task MultiRead(string who, string what, params MultiOperation[] ops) => MultiOp(who, what, OpCode.MultiRead, ops);

    public Task Unknown(string who, int opcode) =>
        StepRaw(who, $"opcode {opcode}", (OpCode)opcode, _ => { }, null);

    public Task Close(string who) =>
        StepRaw(who, "closeSession", OpCode.CloseSession, _ => { }, null);

    /// <summary>A ping on every open session: whatever notifications are queued for it arrive before the pong.</summary>
    public async Task Barrier()
    {
        foreach (var (who, session) in _sessions.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var frames = await session.SendEmptyAsync(OpCode.Ping, Xids.Ping);
            if (frames.Count > 1 || frames[0].IsClosed)
            {
                transcript.Record(who, "ping", frames, null, showZxid: false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await session.DisposeAsync();
        }
    }

    public static byte[]? Bytes(string? text) => text is null ? null : System.Text.Encoding.UTF8.GetBytes(text);

    private Task MultiOp(string who, string what, OpCode op, MultiOperation[] ops) =>
        Step(who, $"{op} {what}", op, new MultiRequest(ops), r =>
        {
            var response = MultiResponse.Read(ref r);
            return string.Join(" | ", response.Results.Select(x => $"{x.Type}/{x.Err}" + x.Record switch
            {
                CreateResponse c => " " + c.Path,
                Create2Response c => $" {c.Path} {transcript.Stat(c.Stat)}",
                SetDataResponse s => " " + transcript.Stat(s.Stat),
                GetDataResponse g => $" {Transcript.Data(g.Data)} {transcript.Stat(g.Stat)}",
                GetChildrenResponse g => " " + string.Join(",", g.Children.Order(StringComparer.Ordinal)),
                _ => "",
            }));
        });

    private Task Step<T>(string who, string what, OpCode op, T record, Func<JuteReader, string>? body) where T : IJuteRecord<T> =>
        StepRaw(who, what, op, w => record.Write(w), body);

    private async Task StepRaw(string who, string what, OpCode op, WriteBody write, Func<JuteReader, string>? body, int? xid = null, bool showZxid = true)
    {
        var frames = await _sessions[who].SendRawAsync(op, write, xid);
        transcript.Record(who, what, frames, body, showZxid);
    }
}
