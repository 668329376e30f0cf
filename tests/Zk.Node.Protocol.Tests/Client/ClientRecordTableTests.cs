using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Client;

public sealed class ClientRecordTableTests
{
    private static readonly byte[] Password = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    public static TheoryData<CodecCase> Valid => new(
        CodecCase.Of(new RequestHeader(7, OpCode.GetData)),
        CodecCase.Of(new ReplyHeader(7, 0x0000000300000009, KeeperErrorCode.NoNode)),
        CodecCase.Of(new ConnectRequest(0, 0x0000000200000005, 30_000, 0x0100018bcfe56800, Password, ReadOnly: true), "45 bytes", ConnectRequest.WireSizeWithoutReadOnly),
        CodecCase.Of(new ConnectResponse(0, 30_000, 0x0100018bcfe56800, Password, ReadOnly: true), "37 bytes", ConnectResponse.WireSizeWithoutReadOnly),
        CodecCase.Of(new CreateRequest(Samples.Path, Samples.Data, Samples.Acls, CreateFlags.EphemeralSequential)),
        CodecCase.Of(new CreateRequest("/null-data", null, Samples.Acls, CreateFlags.Container), "null data"),
        CodecCase.Of(new CreateRequest("/empty-data", [], Samples.Acls, CreateFlags.Persistent), "empty data"),
        CodecCase.Of(new CreateTtlRequest(Samples.Path, Samples.Data, Samples.Acls, CreateFlags.PersistentWithTtl, 60_000)),
        CodecCase.Of(new CreateResponse(Samples.Path)),
        CodecCase.Of(new Create2Response(Samples.Path, Samples.Stat)),
        CodecCase.Of(new DeleteRequest(Samples.Path, 3)),
        CodecCase.Of(new ExistsRequest(Samples.Path, Watch: true)),
        CodecCase.Of(new ExistsResponse(Samples.Stat)),
        CodecCase.Of(new GetDataRequest(Samples.Path, Watch: true)),
        CodecCase.Of(new GetDataResponse(Samples.Data, Samples.Stat)),
        CodecCase.Of(new GetDataResponse(null, Samples.Stat), "null data"),
        CodecCase.Of(new SetDataRequest(Samples.Path, Samples.Data, -1)),
        CodecCase.Of(new SetDataResponse(Samples.Stat)),
        CodecCase.Of(new GetAclRequest(Samples.Path)),
        CodecCase.Of(new GetAclResponse(Samples.Acls, Samples.Stat)),
        CodecCase.Of(new SetAclRequest(Samples.Path, Samples.Acls, 2)),
        CodecCase.Of(new SetAclResponse(Samples.Stat)),
        CodecCase.Of(new GetChildrenRequest(Samples.Path, Watch: true)),
        CodecCase.Of(new GetChildrenResponse(["a", "b\u00e9", "c-0000000001"])),
        CodecCase.Of(new GetChildren2Request(Samples.Path, Watch: false)),
        CodecCase.Of(new GetChildren2Response(["a", "b"], Samples.Stat)),
        CodecCase.Of(new SyncRequest(Samples.Path)),
        CodecCase.Of(new SyncResponse(Samples.Path)),
        CodecCase.Of(new CheckVersionRequest(Samples.Path, 9)),
        CodecCase.Of(new ReconfigRequest("server.4=zk-3:2888:3888:participant;2181", "2", null, 0x100000000)),
        CodecCase.Of(new CheckWatchesRequest(Samples.Path, (int)WatcherType.Data)),
        CodecCase.Of(new RemoveWatchesRequest(Samples.Path, (int)WatcherType.Any)),
        CodecCase.Of(new GetEphemeralsRequest("/app")),
        CodecCase.Of(new GetEphemeralsResponse(["/app/e1", "/app/e2"])),
        CodecCase.Of(new GetAllChildrenNumberRequest(Samples.Path)),
        CodecCase.Of(new GetAllChildrenNumberResponse(12345)),
        CodecCase.Of(new AddWatchRequest(Samples.Path, (int)AddWatchMode.PersistentRecursive)),
        CodecCase.Of(new SetWatches(0x0000000100000010, ["/d1", "/d2"], ["/e"], ["/c"])),
        CodecCase.Of(new SetWatches2(0x0000000100000010, ["/d"], ["/e"], ["/c"], ["/p"], ["/r1", "/r2"])),
        CodecCase.Of(new AuthPacket(0, "digest", "user:pass"u8.ToArray())),
        CodecCase.Of(new GetSaslRequest([1, 2, 3])),
        CodecCase.Of(new SetSaslResponse(null), "null token"),
        CodecCase.Of(new WhoAmIResponse([new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "user")])),
        CodecCase.Of(new ErrorResponse((int)KeeperErrorCode.NoWatcher)),
        CodecCase.Of(new WatcherEvent((int)EventType.NodeChildrenChanged, (int)KeeperState.SyncConnected, Samples.Path)),
        CodecCase.Of(new MultiHeader((int)OpCode.SetData, Done: false, Err: -1)),
        CodecCase.Of(new MultiRequest(
        [
            new MultiOperation(OpCode.Create, new CreateRequest("/m/a", Samples.Data, Samples.Acls, CreateFlags.Persistent)),
            new MultiOperation(OpCode.Create2, new CreateRequest("/m/b", null, Samples.Acls, CreateFlags.Ephemeral)),
            new MultiOperation(OpCode.CreateContainer, new CreateRequest("/m/c", [], Samples.Acls, CreateFlags.Container)),
            new MultiOperation(OpCode.CreateTtl, new CreateTtlRequest("/m/t", null, Samples.Acls, CreateFlags.PersistentWithTtl, 1000)),
            new MultiOperation(OpCode.Delete, new DeleteRequest("/m/d", 4)),
            new MultiOperation(OpCode.SetData, new SetDataRequest("/m", Samples.Data, 5)),
            new MultiOperation(OpCode.Check, new CheckVersionRequest("/m", 6)),
        ]), "every write op"),
        CodecCase.Of(new MultiRequest(
        [
            new MultiOperation(OpCode.GetData, new GetDataRequest("/r/a", Watch: false)),
            new MultiOperation(OpCode.GetChildren, new GetChildrenRequest("/r", Watch: false)),
        ]), "multiRead"),
        CodecCase.Of(new MultiRequest([]), "empty"),
        CodecCase.Of(new MultiResponse(
        [
            MultiResult.Create("/m/a"),
            MultiResult.Create2("/m/b", Samples.Stat),
            MultiResult.Delete(),
            MultiResult.SetData(Samples.Stat),
            MultiResult.Check(),
        ]), "successful multi"),
        CodecCase.Of(new MultiResponse(
        [
            MultiResult.GetData(Samples.Data, Samples.Stat),
            MultiResult.GetChildren(["x", "y"]),
            MultiResult.Error(KeeperErrorCode.NoNode),
        ]), "multiRead with an error entry"),
        CodecCase.Of(MultiResponse.Failed(3, 1, KeeperErrorCode.BadVersion), "failed multi"));

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_encodings_decode_and_reencode_to_the_same_bytes(CodecCase row) => RecordTable.AssertRoundTrips(row);

    [Theory]
    [MemberData(nameof(Valid))]
    public void Every_strict_prefix_of_a_valid_encoding_is_rejected(CodecCase row) => RecordTable.AssertEveryStrictPrefixThrows(row);

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_trailing_byte_after_a_valid_encoding_is_reported(CodecCase row) => RecordTable.AssertTrailingByteThrows(row);
}
