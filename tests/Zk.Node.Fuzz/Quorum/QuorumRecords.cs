using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Zk.Node.Fuzz.Support;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Peer;
using Zk.Node.Protocol.Txn;

namespace Zk.Node.Fuzz.Quorum;

/// <summary>Generators of valid leader-learner traffic: txns (proposals, INFORM, sync diffs), LearnerInfo, configs, packets.</summary>
internal static class QuorumRecords
{
    private static readonly Gen<(int Type, object Txn)> Body = Gen.OneOf(
        JuteGen.Int.Zip(JuteGen.NullableBytes, (t, p) => ((int)OpCode.CreateSession, (object)new CreateSessionTxn(t, p ?? []))),
        JuteGen.Strings.Select(paths => ((int)OpCode.CloseSession, (object)new CloseSessionTxn(paths))),
        (from p in JuteGen.Path
         from d in JuteGen.NullableBytes
         from a in JuteGen.Acls
         from e in JuteGen.Bool
         from c in JuteGen.Int
         select ((int)OpCode.Create, (object)new CreateTxn(p, d, a, e, c))),
        (from p in JuteGen.Path
         from d in JuteGen.NullableBytes
         from a in JuteGen.Acls
         from c in JuteGen.Int
         select ((int)OpCode.CreateContainer, (object)new CreateContainerTxn(p, d, a, c))),
        (from p in JuteGen.Path
         from d in JuteGen.NullableBytes
         from a in JuteGen.Acls
         from c in JuteGen.Int
         from t in JuteGen.Long
         select ((int)OpCode.CreateTtl, (object)new CreateTtlTxn(p, d, a, c, t))),
        JuteGen.Path.Select(p => ((int)OpCode.Delete, (object)new DeleteTxn(p))),
        (from p in JuteGen.Path from d in JuteGen.NullableBytes from v in JuteGen.Int select ((int)OpCode.SetData, (object)new SetDataTxn(p, d, v))),
        (from p in JuteGen.Path from a in JuteGen.Acls from v in JuteGen.Int select ((int)OpCode.SetAcl, (object)new SetAclTxn(p, a, v))),
        JuteGen.Path.Zip(JuteGen.Int, (p, v) => ((int)OpCode.Check, (object)new CheckVersionTxn(p, v))),
        JuteGen.Int.Select(e => ((int)OpCode.Error, (object)new ErrorTxn(e))));

    private static readonly Gen<MultiTxn> Multi = Gen.ListOf(Body.Where(b => TxnCodec.IsMultiOpType(b.Type)))
        .Select(ops => new MultiTxn(ops.Select(op => TxnCodec.EncodeMultiOp(op.Type, op.Txn)).ToList()));

    /// <summary>A logged / proposed txn: TxnHeader then the body its type names.</summary>
    public static readonly Gen<byte[]> Txn =
        from body in Gen.Frequency((8, Body), (2, Multi.Select(m => ((int)OpCode.Multi, (object)m))))
        from client in JuteGen.Long
        from cxid in JuteGen.Int
        from zxid in JuteGen.Long
        from time in JuteGen.Long
        select RecordCase.Write(w => TxnCodec.Write(w, new TxnHeader(client, cxid, zxid, time, body.Item1), body.Item2));

    public static readonly Gen<LearnerInfo> LearnerInfo =
        from sid in JuteGen.Long from version in JuteGen.Int from config in JuteGen.Long select new LearnerInfo(sid, version, config);

    /// <summary>NEWLEADER / COMMITANDACTIVATE / INFORMANDACTIVATE carry a dynamic config's text.</summary>
    public static readonly Gen<string> ConfigText =
        from ids in Gen.ListOf(Gen.Choose(0, 300))
        from ports in Gen.Choose(1, 65535)
        from role in Gen.Elements("", ":participant", ":observer", ":voter")
        from client in Gen.Elements("", ";2181", ";127.0.0.1:2181", ";[::1]:2181", ";x")
        from version in Gen.Elements("", "version=100000000\n", "version=zz\n")
        select version + string.Concat(ids.Select(id => $"server.{id}=127.0.0.1:{ports}:{(ports % 65535) + 1}{role}{client}\n"));

    public static readonly Gen<QuorumPacket> Packet =
        from type in Gen.Frequency((6, Gen.Choose(1, 20)), (1, JuteGen.Int))
        from zxid in JuteGen.Long
        from data in Gen.OneOf(
            Txn.Select(t => (byte[]?)t),
            LearnerInfo.Select(l => (byte[]?)RecordCase.Encode(l)),
            ConfigText.Select(c => (byte[]?)Encoding.UTF8.GetBytes(c)),
            JuteGen.NullableBytes)
        from auth in Gen.Frequency((4, Gen.Constant<IReadOnlyList<Id>>([])), (1, JuteGen.Ids))
        select new QuorumPacket(type, zxid, data, auth);

    /// <summary>How the learner and leader read a txn (ZabPackets, ServerCore.ReplayTxn): header, body, nothing after; then each multi op.</summary>
    public static byte[] DecodeTxn(byte[] record)
    {
        var reader = new JuteReader(record, int.MaxValue);
        var (header, txn) = TxnCodec.Read(ref reader);
        reader.ExpectEnd();
        if (txn is MultiTxn multi)
        {
            foreach (var op in multi.Txns)
            {
                TxnCodec.DecodeMultiOp(op);
            }
        }

        return RecordCase.Write(w => TxnCodec.Write(w, header, txn));
    }
}
