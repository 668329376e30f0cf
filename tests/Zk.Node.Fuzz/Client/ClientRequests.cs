using FsCheck;
using FsCheck.Fluent;
using Zk.Node.Core.Server;
using Zk.Node.Fuzz.Support;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Fuzz.Client;

/// <summary>
/// Every request body the server decodes after a <see cref="RequestHeader"/>, by op code, and generators of valid
/// ones. <see cref="Read"/> is ServerCore.ReadRecord itself.
/// </summary>
internal static class ClientRequests
{
    /// <summary>The server's own body decoder: what the fuzzer exercises is exactly what a client frame meets.</summary>
    public static object? Read(OpCode type, ref JuteReader reader) => ServerCore.ReadRecord(type, ref reader);

    /// <summary>What <see cref="Read"/> returns for op codes the server answers "unimplemented" without reading a body.</summary>
    public static readonly object UnknownOp = ServerCore.UnknownOp.Instance;

    private static readonly Gen<CreateRequest> Create =
        from path in JuteGen.Path
        from data in JuteGen.NullableBytes
        from acl in JuteGen.Acls
        from flags in JuteGen.Int
        select new CreateRequest(path, data, acl, flags);

    private static readonly Gen<CreateTtlRequest> CreateTtl =
        from c in Create from ttl in JuteGen.Long select new CreateTtlRequest(c.Path, c.Data, c.Acl, c.Flags, ttl);

    private static readonly Gen<SetDataRequest> SetData =
        from path in JuteGen.Path from data in JuteGen.NullableBytes from version in JuteGen.Int select new SetDataRequest(path, data, version);

    private static readonly Gen<MultiOperation> MultiOp = Gen.OneOf(
        Create.Select(r => new MultiOperation(OpCode.Create, r)),
        Create.Select(r => new MultiOperation(OpCode.CreateContainer, r)),
        CreateTtl.Select(r => new MultiOperation(OpCode.CreateTtl, r)),
        JuteGen.Path.Zip(JuteGen.Int, (p, v) => new MultiOperation(OpCode.Delete, new DeleteRequest(p, v))),
        SetData.Select(r => new MultiOperation(OpCode.SetData, r)),
        JuteGen.Path.Zip(JuteGen.Int, (p, v) => new MultiOperation(OpCode.Check, new CheckVersionRequest(p, v))),
        JuteGen.Path.Zip(JuteGen.Bool, (p, w) => new MultiOperation(OpCode.GetData, new GetDataRequest(p, w))),
        JuteGen.Path.Zip(JuteGen.Bool, (p, w) => new MultiOperation(OpCode.GetChildren, new GetChildrenRequest(p, w))));

    private static readonly Gen<string?> NullableString = Gen.Frequency((1, Gen.Constant<string?>(null)), (4, JuteGen.String.Select(s => (string?)s)));

    /// <summary>(op code, valid body) for every op the server reads a body for, plus the body-less ones.</summary>
    public static readonly Gen<(OpCode Type, byte[] Body)> Valid = Gen.OneOf(
        Gen.Elements(OpCode.Ping, OpCode.CloseSession, OpCode.WhoAmI).Select(t => (t, Array.Empty<byte>())),
        Gen.Elements(OpCode.Create, OpCode.Create2, OpCode.CreateContainer).SelectMany(t => Create.Select(r => (t, RecordCase.Encode(r)))),
        CreateTtl.Select(r => (OpCode.CreateTtl, RecordCase.Encode(r))),
        JuteGen.Path.Zip(JuteGen.Int, (p, v) => (OpCode.Delete, RecordCase.Encode(new DeleteRequest(p, v)))),
        JuteGen.Path.Zip(JuteGen.Bool, (p, w) => (OpCode.Exists, RecordCase.Encode(new ExistsRequest(p, w)))),
        JuteGen.Path.Zip(JuteGen.Bool, (p, w) => (OpCode.GetData, RecordCase.Encode(new GetDataRequest(p, w)))),
        SetData.Select(r => (OpCode.SetData, RecordCase.Encode(r))),
        JuteGen.Path.Select(p => (OpCode.GetAcl, RecordCase.Encode(new GetAclRequest(p)))),
        (from p in JuteGen.Path from acl in JuteGen.Acls from v in JuteGen.Int select (OpCode.SetAcl, RecordCase.Encode(new SetAclRequest(p, acl, v)))),
        JuteGen.Path.Zip(JuteGen.Bool, (p, w) => (OpCode.GetChildren, RecordCase.Encode(new GetChildrenRequest(p, w)))),
        JuteGen.Path.Zip(JuteGen.Bool, (p, w) => (OpCode.GetChildren2, RecordCase.Encode(new GetChildren2Request(p, w)))),
        JuteGen.Path.Select(p => (OpCode.Sync, RecordCase.Encode(new SyncRequest(p)))),
        JuteGen.Path.Zip(JuteGen.Int, (p, v) => (OpCode.Check, RecordCase.Encode(new CheckVersionRequest(p, v)))),
        Gen.Elements(OpCode.Multi, OpCode.MultiRead).SelectMany(t =>
            Gen.ListOf(MultiOp).Select(ops => (t, RecordCase.Encode(new MultiRequest(ops.ToList()))))),
        (from j in NullableString
         from l in NullableString
         from m in NullableString
         from v in JuteGen.Long
         select (OpCode.Reconfig, RecordCase.Encode(new ReconfigRequest(j, l, m, v)))),
        JuteGen.Path.Zip(JuteGen.Int, (p, t) => (OpCode.CheckWatches, RecordCase.Encode(new CheckWatchesRequest(p, t)))),
        JuteGen.Path.Zip(JuteGen.Int, (p, t) => (OpCode.RemoveWatches, RecordCase.Encode(new RemoveWatchesRequest(p, t)))),
        (from t in JuteGen.Int from s in JuteGen.String from a in JuteGen.NullableBytes select (OpCode.Auth, RecordCase.Encode(new AuthPacket(t, s, a)))),
        (from z in JuteGen.Long
         from d in JuteGen.Strings
         from e in JuteGen.Strings
         from c in JuteGen.Strings
         select (OpCode.SetWatches, RecordCase.Encode(new SetWatches(z, d, e, c)))),
        (from z in JuteGen.Long
         from d in JuteGen.Strings
         from e in JuteGen.Strings
         from c in JuteGen.Strings
         from p in JuteGen.Strings
         from r in JuteGen.Strings
         select (OpCode.SetWatches2, RecordCase.Encode(new SetWatches2(z, d, e, c, p, r)))),
        JuteGen.NullableBytes.Select(t => (OpCode.Sasl, RecordCase.Encode(new GetSaslRequest(t)))),
        JuteGen.Path.Select(p => (OpCode.GetEphemerals, RecordCase.Encode(new GetEphemeralsRequest(p)))),
        JuteGen.Path.Select(p => (OpCode.GetAllChildrenNumber, RecordCase.Encode(new GetAllChildrenNumberRequest(p)))),
        JuteGen.Path.Zip(JuteGen.Int, (p, m) => (OpCode.AddWatch, RecordCase.Encode(new AddWatchRequest(p, m)))));
}
